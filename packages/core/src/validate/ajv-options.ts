/** The options of every AJV instance of mldeploy (the runtime one and the standalone generator). */
export const AJV_OPTIONS = { strict: true, allErrors: true, allowUnionTypes: true } as const;
