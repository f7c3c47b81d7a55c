// ESLint for the browser files the package ships (kursbuch/assets/**/*.js and each item type's item.js). Lives in tests/
// beside the npm tools it needs; run by tests/unit/test_habits.py.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    files: ["kursbuch/assets/**/*.js", "kursbuch/items/**/*.js"],
    languageOptions: {
      // Classic scripts: they must run from file:// too, where ES modules are not loaded.
      ecmaVersion: 2017,
      sourceType: "script",
      globals: { ...globals.browser, globalThis: "readonly" },
    },
    rules: {
      ...js.configs.recommended.rules,
      // Every variable is used; `catch (e)` may ignore its error (storage and LMS calls fail by design).
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      "no-var": "off", // ES5-style var is the engine's house style (it predates let in this code)
    },
  },
  {
    // The live session's pages (kursbuch live): ES5, for phone browsers several years old.
    files: ["kursbuch/live/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: { ...globals.browser, globalThis: "readonly" },
    },
    rules: {
      ...js.configs.recommended.rules,
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
    },
  },
];
