import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ErrorCause } from '../schemas/error-envelope.js';
import { AJV_OPTIONS } from './ajv-options.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** The one AJV instance of mldeploy. Validators are compiled once, at module load. */
export const ajv = addFormats(new Ajv({ ...AJV_OPTIONS }));
ajv.addSchema(ErrorCause);
