// The task engine's public surface for routes, server actions and the worker.
export { createTask, createTasks, type CreateResult } from './create';
export { cancelTask, deleteTask, patchTask, retryTask, runTask } from './actions';
export { getOwnedTask, listAttempts, listTasks } from './queries';
export { previewTask, type PreviewResult } from './preview';
export { toAttemptView, toTaskView, type AttemptView, type TaskView } from './view';
export * from './schemas';
export { approveTask, approveTasks, countAwaitingApproval, listAwaitingApproval, PERSON_MUST_APPROVE, rejectTask } from './approval';
