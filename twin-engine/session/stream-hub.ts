/**
 * The session's streams: subjects, per-subscriber filters, and who is interested in what — which waveform
 * channels of which beds (the engine generates a channel only while somebody wants it) and whether anyone
 * wants the hidden truth. `onInterestChange` fires on (un)subscribe so the driver recomputes its channel
 * routes once per change, not per simulated second.
 */
import { Observable, Subject, filter as rxFilter, map } from 'rxjs';
import type { ChannelId } from '../devices/index';
import type { ClockTick, NumericsFilter, NumericsFrame, SessionEvent, WaveformChunk, WaveformFilter } from './api';
import { WaveformInterest } from './interest';

export class StreamHub {
  private readonly interest = new WaveformInterest();
  private truthSubscribers = 0;
  private readonly numerics$ = new Subject<NumericsFrame>();
  private readonly waveforms$ = new Subject<WaveformChunk>();
  private readonly events$ = new Subject<SessionEvent>();
  private readonly clock$ = new Subject<ClockTick>();

  constructor(private readonly onInterestChange: () => void = () => {}) {}

  get wantsTruth(): boolean {
    return this.truthSubscribers > 0;
  }

  /** UI-wanted channels of one bed, in canonical order. */
  channelsFor(bedId: string): ChannelId[] {
    return this.interest.channelsFor(bedId);
  }

  frame(f: NumericsFrame): void {
    this.numerics$.next(f);
  }

  waveform(c: WaveformChunk): void {
    this.waveforms$.next(c);
  }

  event(e: SessionEvent): void {
    this.events$.next(e);
  }

  clockTick(c: ClockTick): void {
    this.clock$.next(c);
  }

  numerics(f: NumericsFilter = {}): Observable<NumericsFrame> {
    return new Observable<NumericsFrame>((sub) => {
      if (f.includeTruth) this.truthSubscribers++;
      const inner = this.numerics$
        .pipe(
          rxFilter((fr) => f.bedId === undefined || fr.bedId === f.bedId),
          map((fr) => (f.includeTruth || fr.truth === undefined ? fr : { ...fr, truth: undefined })),
        )
        .subscribe(sub);
      return () => {
        if (f.includeTruth) this.truthSubscribers--;
        inner.unsubscribe();
      };
    });
  }

  waveforms(f: WaveformFilter = {}): Observable<WaveformChunk> {
    return new Observable<WaveformChunk>((sub) => {
      const id = this.interest.add(f);
      this.onInterestChange();
      const chans = f.channels ? new Set(f.channels) : null;
      const inner = this.waveforms$
        .pipe(rxFilter((c) => (f.bedId === undefined || c.bedId === f.bedId) && (chans === null || chans.has(c.channel))))
        .subscribe(sub);
      return () => {
        this.interest.remove(id);
        this.onInterestChange();
        inner.unsubscribe();
      };
    });
  }

  events(): Observable<SessionEvent> {
    return this.events$.asObservable();
  }

  clock(): Observable<ClockTick> {
    return this.clock$.asObservable();
  }

  complete(): void {
    this.numerics$.complete();
    this.waveforms$.complete();
    this.events$.complete();
    this.clock$.complete();
  }
}
