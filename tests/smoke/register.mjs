// Maps the `electron` import of the built main bundle to a stand-in (the binary cannot run here).
import { register } from 'node:module'
register(new URL('./hooks.mjs', import.meta.url))
