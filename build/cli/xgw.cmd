@echo off
rem xgw: the XMPP Gateway Wizard command line, installed next to the app (docs/packaging.md).
rem The app's own executable runs its bundled command line: no Node.js and no RunAsNode fuse needed.
setlocal
set ELECTRON_NO_ATTACH_CONSOLE=
"%~dp0XMPP Gateway Wizard.exe" --xgw-cli -- %*
exit /b %ERRORLEVEL%
