// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module organizations
 * The kinds of client organization eligible for the service (the service desk's application
 * form and the ledger's organization registry share this list).
 */
export const ORGANIZATION_TYPES = ['government', 'public-institution', 'school', 'party-primary', 'other'] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];
