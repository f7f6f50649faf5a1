import { type KeyboardEvent, type Ref, useEffect, useId, useImperativeHandle, useRef, useState } from 'react'

/** Lets the profile hand focus back to the menu when the edit form closes. */
export interface ProfileMenuHandle {
  focus: () => void
}

interface ProfileMenuProps {
  username: string
  onEditUsername: () => void
  ref?: Ref<ProfileMenuHandle>
}

/**
 * The profile's own menu: the username with "Edit username" beside it. On a desktop it is a
 * right-hand sidebar; at 900px and below the CSS folds it behind a three-dots "More" button at
 * the top of the profile, and `open` decides whether it shows.
 */
export function ProfileMenu({ username, onEditUsername, ref }: ProfileMenuProps) {
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLElement>(null)
  const moreRef = useRef<HTMLButtonElement>(null)
  const editRef = useRef<HTMLButtonElement>(null)
  const panelId = useId()

  // Back to "Edit username" when it is on screen; when the menu is folded away, to "More".
  useImperativeHandle(ref, () => ({
    focus: () => {
      const edit = editRef.current
      ;(edit && edit.getClientRects().length > 0 ? edit : moreRef.current)?.focus()
    },
  }))

  useEffect(() => {
    if (!open) return
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [open])

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && open) {
      setOpen(false)
      moreRef.current?.focus()
    }
  }

  return (
    <aside ref={rootRef} className="profile-menu" aria-label="Profile menu" onKeyDown={onKeyDown}>
      <button
        ref={moreRef}
        type="button"
        className="more-button"
        aria-label="More"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
      >
        <span className="dots" aria-hidden="true">
          <span />
          <span />
          <span />
        </span>
      </button>
      <div id={panelId} className={`profile-menu-panel${open ? ' is-open' : ''}`}>
        <h2 className="profile-menu-title">Sign-in details</h2>
        <div className="username-row">
          <div className="username-text">
            <span className="username-label">Username</span>
            <span className="username-value">{username}</span>
          </div>
          <button
            ref={editRef}
            type="button"
            className="button button-small"
            onClick={() => {
              setOpen(false)
              onEditUsername()
            }}
          >
            <span className="pencil" aria-hidden="true" />
            Edit<span className="visually-hidden"> username</span>
          </button>
        </div>
      </div>
    </aside>
  )
}
