// The template library's public surface for routes and pages (DESIGN §3.3).
export * from './schemas';
export { createTemplate, deleteTemplate, forkTemplate, getTemplate, listStarters, listTemplates, patchTemplate, publishTemplate, templateVersionList, unpublishTemplate } from './service';
export { diffWithUpstream, pullUpstream } from './lineage';
export { searchMarketplace } from './marketplace';
export { exportTemplate, importTemplate } from './transfer';
export { renderSample, validateAtSave, type SampleRender } from './render-sample';
export { STARTERS, findStarter, type Starter, type TemplateContent } from './starters';
export { templateVariables } from './variables';
