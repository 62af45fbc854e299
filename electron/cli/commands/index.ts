import type { Command } from '../command'
import { projectCommands } from './project'

/** Every `xgw` command, in the order `xgw --help` lists them. */
export const allCommands: readonly Command[] = [...projectCommands]
