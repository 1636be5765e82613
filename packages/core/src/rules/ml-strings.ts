// Elasticsearch's MlStrings.isValidId: lower-case letters, digits, `-`, `_` and `.`, starting and
// ending with a letter or digit. Model ids and inference endpoint ids share it (docs/rules.md).

/** The pattern of a valid ML id (MlStrings.isValidId). */
export const ML_ID_PATTERN = /^[a-z0-9](?:[a-z0-9_\-.]*[a-z0-9])?$/;
