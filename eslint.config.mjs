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
      // Leaving a field out of a copy (`const { strip, ...rest } = summary`) is a use of the field.
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true }],
    },
  },
];

export default config;
