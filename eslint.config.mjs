import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "screenshots/**", "generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "react/no-danger": "error",
      // We do not run the React Compiler; hand-written useCallback/useMemo are deliberate.
      "react-hooks/preserve-manual-memoization": "off",
    },
  },
];

export default config;
