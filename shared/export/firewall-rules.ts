import type { ProjectData } from '../domain/model/project'
import { firewallRules } from '../domain/rules/firewall'
import { csv } from './csv'

/** `firewall-rules.csv`: the §1.7 table with the project's addresses, for the network team. */
export function firewallCsv(p: ProjectData): string {
  return csv(
    ['Direction', 'Protocol', 'Port', 'Source', 'Destination', 'Purpose', 'Usually exists already', 'Note'],
    firewallRules(p).map((r) => [r.direction, r.protocol, r.port, r.source, r.destination, r.purpose, r.existing ? 'yes' : 'no', r.note]),
  )
}
