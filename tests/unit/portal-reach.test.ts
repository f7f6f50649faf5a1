import { describe, expect, test } from 'vitest'
import { addressChoices, firewallStep, lanAddresses } from '../../electron/main/portal/portal-reach'

const iface = (address: string, internal = false, family: 'IPv4' | 'IPv6' = 'IPv4') => ({ address, family, internal, netmask: '', mac: '', cidr: null }) as never

describe('what Settings → Client portal offers and advises', () => {
  test('the choices are this computer’s network IPv4 addresses, then its name; loopback and IPv6 are left out', () => {
    const read = () => ({ lo: [iface('127.0.0.1', true)], 'vEthernet (WSL)': [iface('172.20.0.1')], Ethernet: [iface('192.168.1.20'), iface('fe80::1', false, 'IPv6')] })
    expect(lanAddresses(read)).toEqual(['172.20.0.1', '192.168.1.20'])
    expect(addressChoices(read, 'FRONT-DESK')).toEqual(['172.20.0.1', '192.168.1.20', 'FRONT-DESK'])
  })

  test('the firewall step names the installed program on Windows, the app list on macOS', () => {
    expect(firewallStep('win32', 'C:\\P\\Portico.exe', 5181).command).toBe(
      'netsh advfirewall firewall add rule name="Portico client portal" dir=in action=allow program="C:\\P\\Portico.exe" enable=yes profile=private,domain',
    )
    expect(firewallStep('darwin', '/Applications/Portico.app', 5181)).toEqual({ advice: expect.stringContaining('System Settings → Network → Firewall → Options, add Portico'), command: null })
    expect(firewallStep('linux', '/opt/Portico/portico', 5190).command).toBe('sudo ufw allow 5190/tcp')
  })
})
