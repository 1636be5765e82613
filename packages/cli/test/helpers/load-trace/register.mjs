// `node --import ./register.mjs`: installs the load-trace hooks before the program starts.
import { register } from 'node:module';

register(new URL('./hooks.mjs', import.meta.url));
