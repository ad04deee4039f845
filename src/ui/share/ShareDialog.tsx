import { useId, useRef, useState } from 'react';
import type { HashState } from '../../state/hash';
import {
  DEFAULT_EMBED_SIZE, EMBED_LIMITS, clampEmbedSize, iframeSnippet, shareUrls, type ShareUrls,
} from './shareLinks';
import './share.css';

/** The largest the size preview is drawn, in CSS pixels (fits a 320 px wide screen). */
const PREVIEW_BOX = { width: 260, height: 340 };
const NO_URLS: ShareUrls = { pageUrl: '', embedUrl: '' };

type CopyField = HTMLInputElement | HTMLTextAreaElement;

/**
 * A button that opens a modal dialog with a link to the current view and iframe code for course
 * notes. Everything shown is React text or attributes; nothing is inserted as HTML.
 */
export function ShareButton({ state, panelTitle }: { state: HashState; panelTitle: string }) {
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const linkRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLTextAreaElement>(null);
  const [urls, setUrls] = useState<ShareUrls>(NO_URLS);
  const [widthText, setWidthText] = useState(String(DEFAULT_EMBED_SIZE[state.panel].width));
  const [heightText, setHeightText] = useState(String(DEFAULT_EMBED_SIZE[state.panel].height));
  const [live, setLive] = useState(false);
  const [message, setMessage] = useState('');

  const size = clampEmbedSize(Number.parseFloat(widthText), Number.parseFloat(heightText));
  const snippet = urls.embedUrl
    ? iframeSnippet(urls.embedUrl, { ...size, title: `DDPM explorable: ${panelTitle}` })
    : '';
  const scale = Math.min(PREVIEW_BOX.width / size.width, PREVIEW_BOX.height / size.height);
  const shown = { width: Math.round(size.width * scale), height: Math.round(size.height * scale) };
  const adjusted = widthText !== String(size.width) || heightText !== String(size.height);

  const open = () => {
    // The view as it is now: computed on opening, not kept in sync while the dialog is up.
    setUrls(shareUrls(window.location.href, state));
    const initial = DEFAULT_EMBED_SIZE[state.panel];
    setWidthText(String(initial.width));
    setHeightText(String(initial.height));
    setLive(false);
    setMessage('');
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  };

  const onClose = () => {
    setLive(false); // unmounts the live iframe so it stops running
    setMessage('');
    buttonRef.current?.focus();
  };

  const copy = async (text: string, field: CopyField | null, done: string) => {
    setMessage('');
    try {
      if (typeof navigator.clipboard?.writeText !== 'function') throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setMessage(done);
    } catch {
      field?.focus();
      field?.select();
      setMessage('Copying is not available here. The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  };

  const headingId = `${id}-heading`;
  return (
    <>
      <button ref={buttonRef} type="button" className="share-button" aria-haspopup="dialog" onClick={open}>
        Share / Embed
      </button>
      <dialog ref={dialogRef} className="share-dialog" aria-labelledby={headingId} onClose={onClose}>
        <div className="share-dialog-head">
          <h2 id={headingId}>Share or embed this panel</h2>
          <button type="button" onClick={() => dialogRef.current?.close()}>
            Close
          </button>
        </div>
        <p className="share-panel-name muted">Panel: {panelTitle}</p>

        <section className="share-section">
          <h3>Share a link</h3>
          <label className="share-field">
            <span>Link to this view</span>
            <input ref={linkRef} type="text" readOnly value={urls.pageUrl} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <button type="button" onClick={() => void copy(urls.pageUrl, linkRef.current, 'Link copied.')}>
            Copy link
          </button>
        </section>

        <section className="share-section">
          <h3>Embed in course notes</h3>
          <div className="share-size-row">
            <label className="share-field">
              <span>Width (px)</span>
              <input
                type="number" inputMode="numeric" step={1}
                min={EMBED_LIMITS.minWidth} max={EMBED_LIMITS.maxWidth}
                value={widthText}
                aria-describedby={`${id}-limits`}
                onChange={(e) => setWidthText(e.target.value)}
                onBlur={() => setWidthText(String(size.width))}
              />
            </label>
            <label className="share-field">
              <span>Height (px)</span>
              <input
                type="number" inputMode="numeric" step={1}
                min={EMBED_LIMITS.minHeight} max={EMBED_LIMITS.maxHeight}
                value={heightText}
                aria-describedby={`${id}-limits`}
                onChange={(e) => setHeightText(e.target.value)}
                onBlur={() => setHeightText(String(size.height))}
              />
            </label>
          </div>
          <p id={`${id}-limits`} className="share-hint muted">
            Width {EMBED_LIMITS.minWidth}–{EMBED_LIMITS.maxWidth} px, height {EMBED_LIMITS.minHeight}–
            {EMBED_LIMITS.maxHeight} px.
            {adjusted && ` The code uses ${size.width} × ${size.height} px.`}
          </p>
          <label className="share-field">
            <span>Embed code</span>
            <textarea ref={codeRef} readOnly rows={4} value={snippet} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <button type="button" onClick={() => void copy(snippet, codeRef.current, 'Embed code copied.')}>
            Copy embed code
          </button>
        </section>

        <section className="share-section">
          <h3>Preview</h3>
          <p className="share-hint muted">
            {size.width} × {size.height} px, drawn at {Math.round(scale * 100)}% of its size.
          </p>
          {live ? (
            <div className="share-live" style={{ width: shown.width, height: shown.height }}>
              <iframe
                src={urls.embedUrl}
                title="Live preview of the embed"
                width={size.width}
                height={size.height}
                style={{ transform: `scale(${scale})` }}
              />
            </div>
          ) : (
            <div className="share-box" aria-hidden="true" style={{ width: shown.width, height: shown.height }}>
              {shown.width >= 100 && (
                <span>
                  {size.width} × {size.height} px
                </span>
              )}
            </div>
          )}
          <button type="button" onClick={() => setLive((v) => !v)} disabled={!urls.embedUrl}>
            {live ? 'Stop live preview' : 'Load live preview'}
          </button>
        </section>

        <p className="share-status" role="status">
          {message}
        </p>
      </dialog>
    </>
  );
}
