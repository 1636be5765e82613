#!/usr/bin/env node
// Committed launcher, so the bin exists before the build (no install warning); the CLI is in dist/.
import '../dist/bin.js';
