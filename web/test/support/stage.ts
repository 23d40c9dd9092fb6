// What every mocked-gateway test file runs against: the static server of web/dist and one
// Chromium, started by a root `before` hook of the calling file and closed by its `after` hook.
import type { Browser } from 'playwright-core';
import { launch } from './browser.js';
import { startStaticServer, type StaticServer } from './server.js';

export interface Stage {
  /** The browser, once the `before` hook has launched it. */
  browser(): Browser;
  /** The static server's origin (`http://127.0.0.1:<port>`), once the `before` hook has started it. */
  origin(): string;
}

/** Registers the root hooks that start and stop the server and the browser: call it once, at the top of a test file. */
export function useStage(): Stage {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  before(async () => {
    server = await startStaticServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    browser: (): Browser => {
      if (browser === undefined) throw new Error('no browser outside the tests: useStage() launches it in a before hook');
      return browser;
    },
    origin: (): string => {
      if (server === undefined) throw new Error('no server outside the tests: useStage() starts it in a before hook');
      return server.url;
    },
  };
}
