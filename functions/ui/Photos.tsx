/**
 * A case's photos as previews, each linking to the full photo (the signed URLs of functions/api/photos.ts,
 * valid a few minutes), sized as the preview was made so the page does not jump while they load.
 */
import { PREVIEW_MAX_SIDE } from '../domain/photos.ts';

export interface PhotoView {
  readonly preview: string;
  readonly full: string;
  readonly width: number;
  readonly height: number;
}

interface Props {
  readonly photos: readonly PhotoView[];
  /** The text of the n-th photo (from 1) for who cannot see it. */
  readonly alt: (n: number) => string;
}

export function Photos({ photos, alt }: Props) {
  return (
    <ul class="photos">
      {photos.map((p, i) => {
        const scale = Math.min(1, PREVIEW_MAX_SIDE / Math.max(p.width, p.height));
        return (
          <li>
            <a href={p.full}>
              <img src={p.preview} alt={alt(i + 1)} width={Math.round(p.width * scale)} height={Math.round(p.height * scale)} loading="lazy" />
            </a>
          </li>
        );
      })}
    </ul>
  );
}
