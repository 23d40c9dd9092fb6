// SPDX-License-Identifier: AGPL-3.0-or-later
/** Writes core/test-vectors/vectors-v1.json (run from core/: `npm run vectors`). */
import { writeFileSync, mkdirSync } from 'node:fs';
import { canonicalJson } from '../index.js';
import { generateTestVectors } from '../testing/vectors.js';

const dir = new URL('../../test-vectors/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('vectors-v1.json', dir), canonicalJson(generateTestVectors()) + '\n');
console.log('wrote test-vectors/vectors-v1.json');
