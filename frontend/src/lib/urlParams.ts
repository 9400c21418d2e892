import { useSearchParams } from 'react-router';

/**
 * The page's search params, a setter for one of them (an empty value removes it), and the
 * router's own setter. A filter replaces the history entry: it changes the view, and Back
 * should leave the page rather than step through every choice made on it.
 */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  return { params, setParam, setParams };
}
