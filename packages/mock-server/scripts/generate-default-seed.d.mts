// Types of generate-default-seed.mjs, for the test that compares its output with the module.
export declare const GENERATE_COMMAND: string;
export declare const SEED_FILE: URL;
export declare const MODULE_FILE: URL;
export declare function defaultSeedModule(json?: string): string;
