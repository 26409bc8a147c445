// Decisions behind the options page (entrypoints/options, components/options): field parsing,
// the target list, storage use, the settings file and the after-wipe check. No browser globals.
export * from './fields';
export * from './target-view';
export * from './settings-file';
export * from './storage-use';
export * from './wipe-check';
