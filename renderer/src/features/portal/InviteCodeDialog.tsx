import { useMemo } from 'react'
import { useDesk } from '../../store'
import { type CodeSheet, OneTimeCodeDialog, PORTAL_NOT_ANSWERING } from './OneTimeCodeDialog'

/** The code of a just-sent portal invite, shown once; Done or Escape discards it. */
export function InviteCodeDialog() {
  const invite = useDesk((s) => s.issuedInvite)
  const dismissInvite = useDesk((s) => s.dismissInvite)

  const sheet = useMemo<CodeSheet | null>(
    () =>
      invite && {
        title: `Portal invite for ${invite.clientName}`,
        code: invite.code,
        rows: [{ label: 'Portal link', value: invite.portalUrl, mono: true }],
        expiresAt: invite.expiresAt,
        instructions: 'The client opens the portal link, enters the code, then picks their own username and password.',
        ...(invite.portalAnswering ? {} : { staffNote: PORTAL_NOT_ANSWERING }),
      },
    [invite],
  )
  return <OneTimeCodeDialog sheet={sheet} onDone={dismissInvite} />
}
