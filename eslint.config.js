// ESLint for the whole tree: typescript-eslint's type-checked rules (they read the same tsconfig
// projects as `vue-tsc -b`), eslint-plugin-vue for the templates, eslint-config-prettier last so
// no rule argues with Prettier about layout. Rules are chosen for defects (floating promises,
// unsafe `any`, misused promises, unreachable conditions), not for taste.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'dist-electron/', 'out/', 'release/', 'test-results/', 'playwright-report/', 'ci-reports/', 'tests/unit/shared/export/golden/', 'scripts/*.d.mts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...vue.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
        parser: tseslint.parser,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its rejection: the defects this rule finds are real.
      '@typescript-eslint/no-floating-promises': 'error',
      // `void` is how a handler says "fire and forget, errors handled inside".
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Thrown values are always AppError or Error here; a rejected non-Error is a bug worth a lint.
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      // Template literals with numbers and booleans are how messages are written throughout.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      // Services implement the contract's async signatures; many answer without awaiting. Not a defect.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-syntax': [
        'error',
        // style.md §5: these webPreferences keys weaken the sandbox; never set them.
        { selector: 'Property[key.name=/^(webSecurity|allowRunningInsecureContent|experimentalFeatures|enableBlinkFeatures|nodeIntegration)$/][value.value!=false]', message: 'Never weaken webPreferences (style.md §5).' },
      ],
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: {
      parser: vue.parser ?? (await import('vue-eslint-parser')).default,
      parserOptions: { parser: tseslint.parser, projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.vue'] },
      globals: { ...globals.browser },
    },
    rules: {
      // One-word component names are the project's convention for App.vue only; the rest are multi-word.
      'vue/multi-word-component-names': ['error', { ignores: ['App'] }],
      // Attribute order and line breaks are layout; Prettier owns layout.
      'vue/first-attribute-linebreak': 'off',
      'vue/attributes-order': 'off',
    },
  },
  {
    // Tests read JSON written by the code under test (CLI output, reports) and assert on it with
    // expect(); typing every parsed document would add noise, not catch defects.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // typescript-eslint resolves `import X from './X.vue'` to the SFC itself, which it cannot type,
    // so every component, template ref and store typed through one reads as `any` here. vue-tsc
    // (the type-check stage of npm test) checks these files with the real types instead.
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    // Plain JS (scripts, configs): no type information to check against.
    files: ['**/*.mjs', '**/*.js', 'bin/**'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The `xgw` launcher is CommonJS on purpose (bin/xgw.cjs says why): require is how it loads.
    files: ['bin/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The theme script runs in the page before the app (no module, no bundler).
    files: ['renderer/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
)
