; NSIS include for electron-builder (electron-builder.yml → nsis.include).
;
; The data directory holds projects, generated certificates and the logs an admin may still need
; after removing the program, so the uninstaller keeps it unless the admin asks
; (issue 6: "uninstaller that keeps the data directory unless asked"). nsis.deleteAppDataOnUninstall
; stays false and this macro asks instead; the default answer is No.
;
; Not asked when:
;   - the uninstaller runs for an update (${isUpdated}): the new version needs the data;
;   - the uninstall is silent (/S): unattended removals must never destroy data, so /SD IDNO;
;   - --delete-app-data was passed: electron-builder's own section then deletes it anyway.
;
; Electron keeps userData per user under %APPDATA%\<productName> even for a per-machine install,
; so the shell context is switched to the current (elevated, same) user around the removal,
; exactly as electron-builder's uninstaller.nsh does for its own deletion.

!macro customUnInstall
  ${ifNot} ${isUpdated}
    ClearErrors
    ${GetParameters} $R0
    ${GetOptions} $R0 "--delete-app-data" $R1
    ${if} ${Errors}
      ${if} $installMode == "all"
        SetShellVarContext current
      ${endif}
      ${if} ${FileExists} "$APPDATA\${PRODUCT_NAME}\*.*"
        ; MB_DEFBUTTON2: Enter keeps the data; /SD IDNO: silent uninstalls keep it too.
        ${if} ${Cmd} `MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "Also delete the ${PRODUCT_NAME} data folder?$\r$\n$\r$\n$APPDATA\${PRODUCT_NAME}$\r$\n$\r$\nIt holds your projects, generated certificates and logs. Choose No to keep them for a later installation." /SD IDNO IDYES`
          RMDir /r "$APPDATA\${PRODUCT_NAME}"
        ${endif}
      ${endif}
      ${if} $installMode == "all"
        SetShellVarContext all
      ${endif}
    ${endif}
  ${endif}
!macroend
