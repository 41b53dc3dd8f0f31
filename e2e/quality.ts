import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

export const WIDTHS = [1280, 390] as const;
const SHOTS = path.join(process.cwd(), 'test-results', 'pages');

/** Serious and critical axe violations, described well enough to fix from the test output. */
export async function seriousViolations(page: Page, exclude: string[] = []): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  for (const selector of exclude) builder.exclude(selector);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** How far the page scrolls sideways (0 when it fits the viewport). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

/**
 * Boxes inside `root` that scroll sideways (overflow-x auto or scroll, content wider than the box),
 * with `root` itself: the page can fit the screen while a widget's own box scrolls. Visually hidden
 * boxes (1 px screen-reader text) do not count.
 */
export async function boxesScrollingSideways(page: Page, root: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const top = document.querySelector<HTMLElement>(selector);
    if (!top) return [`${selector} is missing`];
    return [top, ...Array.from(top.querySelectorAll<HTMLElement>('*'))]
      .filter((el) => {
        if (el.clientWidth <= 1 || el.scrollWidth <= el.clientWidth + 1) return false;
        return el === top || ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(/\s+/).slice(0, 3).join('.')} (${el.scrollWidth} > ${el.clientWidth} px)`);
  }, root);
}

/**
 * The quality bar for one page at one width: no serious/critical axe violation, no sideways
 * scroll, no raw "undefined"/"[object Object]" on screen, and a full-page screenshot under
 * test-results/pages/.
 */
export async function checkPage(page: Page, name: string, width: number, exclude: string[] = []) {
  await page.setViewportSize({ width, height: 900 });
  // Not 'networkidle': the live pages poll every 2 s by design.
  await page.waitForLoadState('load');
  await page.waitForTimeout(300);
  expect(await sidewaysOverflow(page), `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
  const text = await page.locator('body').innerText();
  expect(text, `${name} shows a raw value`).not.toMatch(/\bundefined\b|\[object Object\]|\bNaN\b/);
  expect(await seriousViolations(page, exclude), `${name} at ${width}px`).toEqual([]);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
}
