// The browser half of `make phones-browser` (browser.sh sets it up): two
// phone-size tabs on the page gcounter --listen serves, in headless
// chromium; what the dashboard says is read from tmux, as a person would.
'use strict';
const puppeteer = require('puppeteer-core');
const { execFileSync } = require('child_process');
const net = require('net');
const path = require('path');

const SESSION = 'phones-browser-' + process.pid;
const OUT = process.env.OUT_DIR;
let failures = 0;

function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures++;
}
function tmux(...args) {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}
function screen() { return tmux('capture-pane', '-p', '-t', SESSION); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(fn, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return true;
    await sleep(200);
  }
  return false;
}
function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}
const value = (page) => page.$eval('#value', (e) => Number(e.textContent));

async function phone(browser, url, code, name) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1,
                           isMobile: true, hasTouch: true });
  await page.goto(url);
  if (name === 'ana')
    await page.screenshot({ path: path.join(OUT, 'phone-join.png') });
  await page.type('#code', code);
  await page.type('#name', name);
  await page.click('#join-form button');
  await page.waitForSelector('#replica:not([hidden])', { timeout: 5000 });
  return page;
}

async function press(page, times) {
  for (let i = 0; i < times; i++) {
    await page.tap('#plus');
    await sleep(120);
  }
}

async function main() {
  const port = await freePort();
  tmux('new-session', '-d', '-s', SESSION, '-x', '110', '-y', '30',
       `TERM=xterm-256color LANG=C.UTF-8 ${process.env.GCOUNTER} ` +
       `--listen 127.0.0.1:${port} --nodes 3 --keep-workers 1 --seed 3; ` +
       'sleep 60');
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run',
           '--disable-background-networking', '--disable-component-update',
           '--disable-sync'] });
  try {
    check(await waitFor(() => /code [A-Z0-9]{6}/.test(screen()), 5000),
          'the dashboard shows a join code');
    const code = screen().match(/code ([A-Z0-9]{6})/)[1];
    const url = `http://127.0.0.1:${port}/`;
    const a = await phone(browser, url, code, 'ana');
    const b = await phone(browser, url, code, 'bob');
    check(/n2 +ana|ana.*n2/.test(screen()) || /phones 2\/2/.test(screen()),
          'the dashboard counts two phones');
    check(await a.$eval('#minus', (e) => e.offsetParent === null),
          'a G-Counter phone has no -1 button');
    await press(a, 2);
    await press(b, 3);
    check(await waitFor(async () => await value(a) === 5 &&
                        await value(b) === 5, 5000),
          'both tabs reach 5 through the relay');
    await a.screenshot({ path: path.join(OUT, 'phone-online.png') });

    // bob goes offline: every request of his tab fails.
    await b.setOfflineMode(true);
    await press(b, 4);
    check(await value(b) === 9, 'offline, bob counts on his own (9)');
    check(await waitFor(() => /bob's phone went quiet/.test(screen()), 8000),
          'the dashboard says bob went quiet (partitioned)');
    await press(a, 1);
    check(await waitFor(async () => await value(a) === 6, 5000) &&
          await value(b) === 9, 'ana sees 6, bob 9: they differ');
    await b.screenshot({ path: path.join(OUT, 'phone-offline.png') });

    await b.setOfflineMode(false);
    check(await waitFor(async () => await value(a) === 10 &&
                        await value(b) === 10, 15000),
          'back online, both tabs converge to 10');
    check(await waitFor(() => /CONVERGED.*reads 10/.test(screen()) &&
                        /true total 10/.test(screen()), 8000),
          'the dashboard converges to 10');
    await b.screenshot({ path: path.join(OUT, 'phone-back.png') });

    // The presenter starts over (r): ana's tab rejoins, and its join is
    // held back 2 s; her two taps meanwhile must not be lost (nor throw).
    const errors = [];
    a.on('pageerror', (e) => errors.push(String(e)));
    let joining = false;
    await a.setRequestInterception(true);
    a.on('request', (req) => {
      if (req.url().endsWith('/api/join')) {
        joining = true;
        setTimeout(() => req.continue(), 2000);
      } else {
        req.continue();
      }
    });
    tmux('send-keys', '-t', SESSION, 'r');
    check(await waitFor(() => joining, 5000), 'after r, ana rejoins');
    await press(a, 2);
    await a.screenshot({ path: path.join(OUT, 'phone-rejoining.png') });
    check(await waitFor(async () => await value(a) === 2, 8000) &&
          errors.length === 0,
          'taps while rejoining are kept (2), no error (' +
          errors.join('; ') + ')');
    check(await waitFor(() => /true total 2\b/.test(screen()), 8000),
          'the dashboard counts them: true total 2');
  } finally {
    console.log(screen());
    await browser.close();
    tmux('kill-session', '-t', SESSION);
  }
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  try { tmux('kill-session', '-t', SESSION); } catch (err) { /* gone */ }
  process.exit(1);
});
