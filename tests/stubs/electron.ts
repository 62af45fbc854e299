// Unit tests run in plain Node: the real 'electron' package would try to download its binary.
// Tests that exercise Electron-bound modules pass their own stand-ins instead.
throw new Error('electron must not be imported in unit tests; inject a stand-in instead')
