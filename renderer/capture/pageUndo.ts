/**
 * The capture step's undo (Ctrl+Z): each page action the clerk took, and the hub calls that take it
 * back. Rotations turn back the other way; a move goes back to the document and place the page had;
 * a delete brings the page back through the hub (`capture.restorePage` — the hub keeps a deleted
 * page's row and image, so nothing is held back in the screen).
 */
export type RotateAction = 'rotateLeft' | 'rotateRight' | 'rotate180';

export type PageAction =
  | { kind: 'rotate'; pageIds: readonly string[]; action: RotateAction }
  | { kind: 'delete'; pageIds: readonly string[] }
  | { kind: 'move'; pageId: string; from: { documentId: string; position: number } };

export type UndoCall =
  | { proc: 'capture.editPage'; input: { pageId: string; action: RotateAction } }
  | { proc: 'capture.restorePage'; input: { pageId: string } }
  | { proc: 'capture.movePage'; input: { pageId: string; documentId: string; position: number } };

const opposite: Record<RotateAction, RotateAction> = { rotateLeft: 'rotateRight', rotateRight: 'rotateLeft', rotate180: 'rotate180' };

/** The calls that undo `action`, in the order to make them. */
export function undoCalls(action: PageAction): UndoCall[] {
  switch (action.kind) {
    case 'rotate':
      return action.pageIds.map((pageId) => ({ proc: 'capture.editPage', input: { pageId, action: opposite[action.action] } }));
    case 'delete':
      // last deleted first, so each comes back beside the neighbours it had
      return [...action.pageIds].reverse().map((pageId) => ({ proc: 'capture.restorePage', input: { pageId } }));
    case 'move':
      return [{ proc: 'capture.movePage', input: { pageId: action.pageId, documentId: action.from.documentId, position: action.from.position } }];
  }
}

/** How many actions the step remembers. */
export const UNDO_DEPTH = 20;
