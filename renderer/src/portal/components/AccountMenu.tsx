import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import { Link } from '../lib/router'

interface AccountMenuProps {
  /** The client's full name: the button's accessible name ("click your name"). */
  name: string
  initials: string
  onSignOut: () => void
}

type FocusTarget = 'first' | 'last'

/**
 * The account menu button (WAI-ARIA menu button pattern): opening moves focus into the menu,
 * arrow keys, Home and End move between items, Escape closes and returns to the button.
 */
export function AccountMenu({ name, initials, onSignOut }: AccountMenuProps) {
  const [open, setOpen] = useState(false)
  const [focusOnOpen, setFocusOnOpen] = useState<FocusTarget>('first')
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLDivElement>(null)
  const id = useId()
  const buttonId = `${id}-button`
  const menuId = `${id}-menu`

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])

  useEffect(() => {
    if (!open) return
    const list = items()
    ;(focusOnOpen === 'last' ? list.at(-1) : list[0])?.focus()
    // A press anywhere outside closes the menu, as a native menu would.
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [open, focusOnOpen])

  const openMenu = (target: FocusTarget) => {
    setFocusOnOpen(target)
    setOpen(true)
  }

  const close = (returnFocus: boolean) => {
    setOpen(false)
    if (returnFocus) buttonRef.current?.focus()
  }

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      openMenu(event.key === 'ArrowUp' ? 'last' : 'first')
    }
  }

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = items()
    const index = list.indexOf(document.activeElement as HTMLElement)
    const moveTo = (next: number) => {
      event.preventDefault()
      list[(next + list.length) % list.length]?.focus()
    }
    if (event.key === 'ArrowDown') moveTo(index + 1)
    else if (event.key === 'ArrowUp') moveTo(index - 1)
    else if (event.key === 'Home') moveTo(0)
    else if (event.key === 'End') moveTo(list.length - 1)
    else if (event.key === 'Escape') {
      event.preventDefault()
      close(true)
    } else if (event.key === 'Tab') close(false)
  }

  return (
    <div className="account-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className="account-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openMenu('first'))}
        onKeyDown={onButtonKeyDown}
      >
        <span className="avatar" aria-hidden="true">
          {initials}
        </span>
        <span className="account-name">{name}</span>
        <span className="caret" aria-hidden="true" />
      </button>
      {open && (
        <div ref={menuRef} id={menuId} role="menu" aria-labelledby={buttonId} className="account-menu-list" onKeyDown={onMenuKeyDown}>
          <Link href="/profile" role="menuitem" tabIndex={-1} className="menu-item" onClick={() => close(false)}>
            My profile
          </Link>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu-item"
            onClick={() => {
              close(false)
              onSignOut()
            }}
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  )
}
