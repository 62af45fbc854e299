import type { Command } from '../command'
import { projectCommands } from './project'
import { scriptCommands } from './script'

/** Every `xgw` command, in the order `xgw --help` lists them. */
export const allCommands: readonly Command[] = [...projectCommands, ...scriptCommands]
