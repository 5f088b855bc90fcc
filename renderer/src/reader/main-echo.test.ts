import { describe, expect, it } from 'vitest';
import { MainEcho } from './main-echo';

/** A call to main that we answer by hand. */
function call(): { promise: Promise<void>; answer: () => Promise<void> } {
  let answer!: () => void;
  const promise = new Promise<void>((done) => (answer = done));
  return { promise, answer: async () => (answer(), await promise, await Promise.resolve()) };
}

describe("main's echo of this reader's own changes", () => {
  it('follows what main tells when nothing of ours is in flight', () => {
    const followed: boolean[] = [];
    const pauses = new MainEcho<boolean>((paused) => followed.push(paused));
    pauses.heard(true);
    pauses.heard(false);
    expect(followed).toEqual([true, false]);
  });

  it('does not let the echo of a first press undo a quicker second press', async () => {
    const followed: boolean[] = [];
    const pauses = new MainEcho<boolean>((paused) => followed.push(paused));
    const pause = call();
    const resume = call();
    pauses.send(pause.promise); // Pause pressed
    pauses.send(resume.promise); // Resume pressed before main answered
    pauses.heard(true); // main's echo of the Pause
    await pause.answer();
    expect(followed).toEqual([]);
    pauses.heard(false); // main's echo of the Resume
    await resume.answer();
    expect(followed).toEqual([false]);
  });

  it("follows main's last word once ours are answered, even when a call failed", async () => {
    const followed: number[] = [];
    const speeds = new MainEcho<number>((speed) => followed.push(speed));
    let fail!: (err: Error) => void;
    speeds.send(new Promise<void>((_, reject) => (fail = reject)));
    speeds.heard(1.5); // a hotkey's Faster, told while ours was in flight
    fail(new Error('main went away'));
    await expect.poll(() => followed).toEqual([1.5]);
  });
});
