import { useMemo } from 'react'
import { useDesk } from '../../store'
import { type CodeSheet, NO_PUBLIC_ADDRESS, OneTimeCodeDialog, PORTAL_NOT_ANSWERING } from './OneTimeCodeDialog'

/** Sending an invite turns the client's portal access on (they sign in once they've picked a username). */
export const INVITE_TURNS_ACCESS_ON = 'Sending this invite turned portal access on, so the client can sign in once they pick a username.'

/** The code of a just-sent portal invite, shown once; Done or Escape discards it. */
export function InviteCodeDialog() {
  const invite = useDesk((s) => s.issuedInvite)
  const dismissInvite = useDesk((s) => s.dismissInvite)

  const sheet = useMemo<CodeSheet | null>(
    () =>
      invite && {
        title: `Portal invite for ${invite.clientName}`,
        handout: { kind: 'invite', code: invite.code, expiresAt: invite.expiresAt, practice: invite.practice },
        // For staff, on screen only: what sending the invite did, and whether the link opens yet.
        staffNote: [
          INVITE_TURNS_ACCESS_ON,
          invite.practice.address ? null : `${NO_PUBLIC_ADDRESS} This desk’s own link is ${invite.portalUrl}.`,
          invite.portalAnswering ? null : PORTAL_NOT_ANSWERING,
        ]
          .filter(Boolean)
          .join(' '),
      },
    [invite],
  )
  return <OneTimeCodeDialog sheet={sheet} onDone={dismissInvite} />
}
