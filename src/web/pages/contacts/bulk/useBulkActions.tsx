import { useState } from 'react';
import type { BulkAction } from '../../../api/bulk';
import { notifySuccess } from '../../../components/notify';
import type { ActionKind } from './actions';
import { BulkActionModal } from './BulkActionModal';
import { BulkBackground, type BackgroundRun } from './BulkBackground';
import { ExportModal } from './ExportModal';
import { contactsWord, type BulkTarget } from './target';

/**
 * The bulk actions of the contacts page: `open` starts one for the current selection, `modals`
 * asks for its inputs and runs it, `running` follows the ones left running in the background.
 */
export function useBulkActions({ target, onDeleted }: { target: BulkTarget | null; onDeleted: () => void }) {
  // The action being set up, and the contacts it was opened for (kept while its modal is open).
  const [acting, setActing] = useState<{ kind: ActionKind; target: BulkTarget } | null>(null);
  const [background, setBackground] = useState<BackgroundRun[]>([]);

  const finished = (kind: ActionKind, a: BulkAction, inline: boolean) => {
    if (kind !== 'delete') return;
    onDeleted();
    // A delete done within the request needs no summary: the rows are gone, a note says how many.
    if (inline && a.state === 'done' && a.skipped === 0) {
      setActing(null);
      notifySuccess(
        `${contactsWord(a.changed)} ${a.changed === 1 ? 'was' : 'were'} deleted.`,
        'Contacts deleted',
      );
    }
  };
  const kind = acting && acting.kind !== 'export' ? acting.kind : null;

  return {
    open: (k: ActionKind) => target && setActing({ kind: k, target }),
    running: (
      <BulkBackground
        runs={background}
        onDismiss={(id) => setBackground((b) => b.filter((r) => r.action.id !== id))}
        onEnd={(run, a) => finished(run.kind, a, false)}
      />
    ),
    modals: (
      <>
        <BulkActionModal
          kind={kind}
          target={kind ? acting!.target : null}
          onClose={(running) => {
            if (running && kind) setBackground((b) => [...b, { action: running, kind }]);
            setActing(null);
          }}
          onFinished={(a, inline) => kind && finished(kind, a, inline)}
        />
        <ExportModal
          target={acting?.kind === 'export' ? acting.target : null}
          onClose={() => setActing(null)}
        />
      </>
    ),
  };
}
