// The headless Chromium both browser tests (e2e.mjs, neo4j-browser-e2e.mjs)
// drive: Debian's /usr/bin/chromium, or $CHROMIUM, never a browser a test
// tool downloads, with every background connection of its own turned off.
import { chromium } from 'playwright-core';

export const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

// launchChromium starts the browser, or prints the failure in the tests'
// report format and exits 1.
export async function launchChromium() {
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions'],
    });
  } catch (e) {
    console.log(`FAIL  launch ${executablePath}: ${e.message.split('\n')[0]}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
