import type { WizardValues } from '@/lib/wizard/model';

// The wizard's draft lives in localStorage (per user), so a reload, a trip through an OAuth
// connect flow or a closed tab loses nothing; it is removed once the task is created.
const key = (userId: string) => `outpost.task-wizard.v1:${userId}`;

export type WizardDraft = { step: number; values: WizardValues };

export function loadDraft(userId: string): WizardDraft | null {
  try {
    const raw = window.localStorage.getItem(key(userId));
    if (!raw) return null;
    const draft = JSON.parse(raw) as WizardDraft;
    return typeof draft?.step === 'number' && draft.values && typeof draft.values === 'object' ? draft : null;
  } catch {
    return null;
  }
}

export function saveDraft(userId: string, draft: WizardDraft): void {
  try {
    window.localStorage.setItem(key(userId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the wizard still works, only without reload survival.
  }
}

export function clearDraft(userId: string): void {
  try {
    window.localStorage.removeItem(key(userId));
  } catch {
    // Nothing to clear.
  }
}
