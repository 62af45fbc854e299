import type { ScenarioStep } from '../domain/model/scenario'

/** Product strings that differ between the legacy versions (spec §5 step 0). */
export interface ProductNames {
  readonly product: string
  readonly controlPanel: string
  readonly managementShell: string
  readonly topologyBuilder: string
  readonly deploymentWizard: string
  /** True when the project has not said which legacy version it is: both names are printed. */
  readonly unknown: boolean
}

/**
 * "Lync Server Control Panel" vs "Skype for Business Server Control Panel" (spec §1.1, §5 step 0).
 * With no version chosen the runbook names both rather than guess.
 */
export function productNames(scenario: ScenarioStep): ProductNames {
  if (scenario.legacyVersion === 'Lync Server 2013') {
    return {
      product: 'Lync Server 2013',
      controlPanel: 'Lync Server Control Panel',
      managementShell: 'Lync Server Management Shell',
      topologyBuilder: 'Lync Server Topology Builder',
      deploymentWizard: 'Lync Server Deployment Wizard',
      unknown: false,
    }
  }
  if (scenario.legacyVersion === 'SfB Server 2015') {
    return {
      product: 'Skype for Business Server 2015',
      controlPanel: 'Skype for Business Server Control Panel',
      managementShell: 'Skype for Business Server Management Shell',
      topologyBuilder: 'Skype for Business Server Topology Builder',
      deploymentWizard: 'Skype for Business Server Deployment Wizard',
      unknown: false,
    }
  }
  return {
    product: 'Skype for Business Server 2015 or Lync Server 2013',
    controlPanel: 'Skype for Business Server Control Panel (Lync Server 2013: Lync Server Control Panel)',
    managementShell: 'Skype for Business Server Management Shell (Lync Server 2013: Lync Server Management Shell)',
    topologyBuilder: 'Topology Builder',
    deploymentWizard: 'Deployment Wizard',
    unknown: true,
  }
}
