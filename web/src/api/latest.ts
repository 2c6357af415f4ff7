import { useCallback, useRef } from "react";

// Only the reply to the latest request counts: an earlier reply that comes back later (a slow
// plan after a quick one, one tab's queue after another's) never settles, so it cannot
// overwrite what the user now sees.
export function useLatest() {
  const counter = useRef(0);
  return useCallback(<T>(request: Promise<T>): Promise<T> => {
    const mine = ++counter.current;
    return new Promise<T>((resolve, reject) => {
      request.then(
        (value) => mine === counter.current && resolve(value),
        (failure: unknown) => mine === counter.current && reject(failure),
      );
    });
  }, []);
}
