import type { Page } from '@playwright/test';
import { expect, signUp, test } from './fixtures';
import { sandboxUrl } from './helpers';

/** Presses Tab until the focused element matches (what a keyboard user does), at most `max` times. */
async function tabTo(page: Page, matches: (el: { tag: string; type: string; label: string; text: string }) => boolean, max = 80) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      if (!a) return { tag: '', type: '', label: '', text: '' };
      const label = a.labels?.[0]?.textContent ?? a.getAttribute('aria-label') ?? '';
      return { tag: a.tagName.toLowerCase(), type: a.type ?? '', label: label.trim(), text: (a.textContent ?? '').trim() };
    });
    if (matches(el)) return;
  }
  throw new Error('focus never reached the element');
}

const button = (name: string) => (el: { tag: string; text: string }) => el.tag === 'button' && el.text === name;

test('[WIZARD]: the keyboard alone completes the wizard', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page);
  await page.goto('/tasks/new');
  await page.mouse.move(0, 0);

  // Step 1: into the radio group, then arrows to "HTTP request".
  await tabTo(page, (el) => el.type === 'radio');
  for (let i = 0; i < 6 && !(await page.getByRole('radio', { name: 'HTTP request' }).isChecked()); i += 1) await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'HTTP request' })).toBeChecked();
  await tabTo(page, button('Next'));
  await page.keyboard.press('Enter');

  // Step 2: no connection (http-post's is optional).
  await expect(page.getByRole('heading', { name: /Step 2 of 7/ })).toBeFocused();
  await tabTo(page, button('Next'));
  await page.keyboard.press('Enter');

  // Step 3: "Write my own", the kind's default template prefilled.
  await expect(page.getByRole('heading', { name: /Step 3 of 7/ })).toBeFocused();
  await tabTo(page, (el) => el.type === 'radio');
  for (let i = 0; i < 4 && !(await page.getByRole('radio', { name: 'Write my own' }).isChecked()); i += 1) await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('Template (Liquid)')).toHaveValue('{{ input | json }}');
  await tabTo(page, button('Next'));
  await page.keyboard.press('Enter');

  // Step 4: the sample.
  await tabTo(page, (el) => el.tag === 'textarea');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('{"ok": true}');
  await tabTo(page, button('Next'));
  await page.keyboard.press('Enter');

  // Step 5: the URL.
  await tabTo(page, (el) => el.label.startsWith('url'));
  await page.keyboard.type(`${sandboxUrl()}/http/keyboard`);
  await tabTo(page, button('Next'));
  await page.keyboard.press('Enter');

  // Step 6: the preview, then Next.
  await expect(page.getByTestId('preview-verdict')).toHaveText(/would accept/);
  await tabTo(page, button('Next'));
  await page.keyboard.press('Enter');

  // Step 7: a name, "Now", create.
  await expect(page.getByRole('heading', { name: /Step 7 of 7/ })).toBeFocused();
  await tabTo(page, (el) => el.label.startsWith('Task name'));
  await page.keyboard.type('typed without a mouse');
  await tabTo(page, button('Create task'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'typed without a mouse' })).toBeVisible();
  await expect(page.getByTestId('task-status')).toHaveText('succeeded', { timeout: 30_000 });
});
