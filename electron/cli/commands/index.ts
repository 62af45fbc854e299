import type { Command } from '../command'
import { projectCommands } from './project'
import { scriptCommands } from './script'
import { verifyCommands } from './verify'
import { certificateCommands } from './certificates'
import { liveCommands } from './live'

/** Every `xgw` command, in the order `xgw --help` lists them. */
export const allCommands: readonly Command[] = [...certificateCommands, ...scriptCommands, ...verifyCommands, ...projectCommands, ...liveCommands]
