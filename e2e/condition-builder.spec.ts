import { randomUUID } from 'node:crypto';
import { expect, signUp, test } from './fixtures';
import { seriousViolations, sidewaysOverflow } from './quality';

test('[TEMPLATES]: the condition builder saves a structured condition, shows a path the sample lacks next to its row, and a published template can be unpublished', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page);
  await page.goto('/templates/new');
  await page.getByLabel('Name').fill(`Scored run ${randomUUID().slice(0, 8)}`);
  await page.getByLabel('Kind').selectOption('slack-webhook');
  await page.getByLabel('Template body (Liquid)').fill('{{ input.title }} scored {{ input.score }}');
  await page.getByLabel('Sample input (JSON: what the agent sends)').fill('{"title": "Run", "score": 0.9}');
  await page.getByText('Config defaults, mapping and condition').click();

  // Keyboard only: the mode radios and the row's controls are plain form controls.
  const builder = page.getByTestId('condition-builder');
  await builder.getByRole('radio', { name: 'Always run' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(builder.getByRole('radio', { name: 'Only when…' })).toBeChecked();
  await expect(builder.getByLabel('Path of test 1')).toHaveValue('input.title');
  await builder.getByLabel('Path of test 1').fill('input.scroe');
  await builder.getByLabel('Operator of test 1').selectOption('gt');
  await builder.getByLabel('Value of test 1').fill('0.5');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(builder.getByTestId('error-condition.conditions[0].path')).toHaveText('"input.scroe" does not exist in the sample input');
  await expect(builder.getByLabel('Path of test 1')).toHaveAttribute('aria-invalid', 'true');
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await seriousViolations(page), `builder at ${width}px`).toEqual([]);
    expect(await sidewaysOverflow(page), `builder at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await builder.getByLabel('Path of test 1').fill('input.score');
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
  // Stored as data: the saved template opens in the builder, not as a Liquid expression.
  await page.getByText('Config defaults, mapping and condition').click();
  const saved = page.getByTestId('condition-builder');
  await expect(saved.getByRole('radio', { name: 'Only when…' })).toBeChecked();
  await expect(saved.getByLabel('Path of test 1')).toHaveValue('input.score');
  await expect(saved.getByLabel('Operator of test 1')).toHaveValue('gt');
  await expect(saved.getByLabel('Value of test 1')).toHaveValue('0.5');

  await page.getByRole('button', { name: 'Publish version 1' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('published-note')).toHaveText('Version 1 is published');
  await page.getByRole('button', { name: 'Unpublish' }).click();
  await expect(page.getByRole('dialog')).toContainText('leaves the marketplace');
  await page.getByRole('dialog').getByRole('button', { name: 'Unpublish' }).click();
  await expect(page.getByRole('button', { name: 'Publish version 1' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unpublish' })).toHaveCount(0);
});

test('[WIZARD]: the condition step builds a rule from rows; the live preview refuses a path the sample lacks next to its row and says when the task would be skipped', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page);
  await page.goto('/tasks/new');
  await page.getByRole('radio', { name: 'HTTP request' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'Write my own' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Sample agent result (JSON)').fill('{"title": "Run", "score": 0.4}');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel(/^url/).fill('https://example.com/hook');

  const builder = page.getByTestId('condition-builder');
  await builder.getByRole('radio', { name: 'Only when…' }).check();
  await builder.getByLabel('Path of test 1').fill('input.scroe');
  await builder.getByLabel('Operator of test 1').selectOption('gt');
  await builder.getByLabel('Value of test 1').fill('0.5');
  await expect(builder.getByTestId('error-condition.conditions[0].path')).toHaveText('"input.scroe" does not exist in the input', { timeout: 20_000 });
  expect(await seriousViolations(page)).toEqual([]);

  await builder.getByLabel('Path of test 1').fill('input.score');
  await expect(builder.getByTestId('error-condition.conditions[0].path')).toHaveCount(0, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('preview-verdict')).toContainText('The condition is false for this sample, so the task would be skipped.');
});
