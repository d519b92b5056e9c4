@echo off
rem Daybreak launcher for Windows (product root). With no arguments, or "gui [FILE...]", it starts the workbench
rem (javaw, no console window); with a subcommand it runs the headless command line: daybreak --help lists them.
rem Java: %JAVA_HOME%\bin, else java on the PATH (Java 21 or newer). JVM options: DAYBREAK_JAVA_OPTS (both),
rem DAYBREAK_GUI_OPTS (workbench only). Site defaults: site\plugin_customization.ini beside this file.
setlocal EnableExtensions EnableDelayedExpansion
set "HERE=%~dp0"
set "HERE=%HERE:~0,-1%"
set "JAVA=java.exe"
set "JAVAW=javaw.exe"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
  set "JAVAW=%JAVA_HOME%\bin\javaw.exe"
)
"%JAVA%" -version >nul 2>&1 || (echo daybreak: no Java found ^(set JAVA_HOME to a JDK 21 or newer^) 1>&2 & exit /b 3)
set "DAYHOME=%USERPROFILE%\.daybreak"
if not exist "%DAYHOME%\logs" mkdir "%DAYHOME%\logs"
set "COMMON_OPTS=--enable-native-access=ALL-UNNAMED"

if "%~1"=="" goto gui
if /I "%~1"=="gui" goto gui
goto cli

:gui
set "FILES="
set "FIRST=1"
for %%A in (%*) do (
  if defined FIRST (
    set "FIRST="
    if /I not "%%~A"=="gui" set FILES=!FILES! "%%~fA"
  ) else (
    set "ARG=%%~A"
    if "!ARG:~0,1!"=="-" (echo daybreak gui: unknown option %%~A 1>&2 & exit /b 2)
    set FILES=!FILES! "%%~fA"
  )
)
set "LAUNCHER="
for %%L in ("%HERE%\plugins\org.eclipse.equinox.launcher_*.jar") do set "LAUNCHER=%%~fL"
if not defined LAUNCHER (echo daybreak: this product has no plugins\org.eclipse.equinox.launcher jar; it is incomplete 1>&2 & exit /b 3)
set "CONFIG=%HERE%\configuration"
set "SITE="
if exist "%HERE%\site\plugin_customization.ini" set SITE=-pluginCustomization "%HERE%\site\plugin_customization.ini"
start "Daybreak" "%JAVAW%" %COMMON_OPTS% -Xms256m %DAYBREAK_JAVA_OPTS% %DAYBREAK_GUI_OPTS% ^
  -Dosgi.requiredJavaVersion=21 -Dorg.eclipse.swt.graphics.Resource.reportNonDisposed=false ^
  "-Ddaybreak.broker.dir=%DAYHOME%\broker" ^
  -jar "%LAUNCHER%" -configuration "%CONFIG%" -data "%DAYHOME%\workspace" %SITE% %FILES%
exit /b 0

:cli
rem A plain class path of the headless bundles and their libraries (no OSGi start-up), as the Linux launcher builds it:
rem the bundles listed in bundles.info (p2 keeps it up to date when it installs or updates features)
set "CP="
for /F "usebackq eol=# tokens=3 delims=," %%L in ("%HERE%\configuration\org.eclipse.equinox.simpleconfigurator\bundles.info") do (
  set "LOC=%%L"
  set "LOC=!LOC:/=\!"
  if "!LOC:~-1!"=="\" set "LOC=!LOC:~0,-1!"
  for %%J in ("%HERE%\!LOC!") do (
    set "N=%%~nxJ"
    set "KEEP=1"
    for %%P in (org.eclipse. .ui_ bcp bcutil com.ibm.icu com.sun. org.objectweb.asm com.github.weisj.jsvg org.apache.felix. org.apache.aries. org.osgi. org.apache.batik jakarta. org.w3c. org.apache.xmlgraphics org.junit junit org.opentest4j org.apiguardian) do (
      if not "!N:%%P=!"=="!N!" set "KEEP="
    )
    if defined KEEP (
      if /I "%%~xJ"==".jar" (
        set "CP=!CP!;%%~fJ"
      ) else if exist "%%~fJ\" (
        for %%K in ("%%~fJ\*.jar" "%%~fJ\lib\*.jar") do set "CP=!CP!;%%~fK"
      )
    )
  )
)
"%JAVA%" %COMMON_OPTS% -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ^
  "-Dorg.slf4j.simpleLogger.logFile=%DAYHOME%\logs\cli.log" %DAYBREAK_JAVA_OPTS% ^
  "-Ddaybreak.home=%HERE%" "-Ddaybreak.broker.dir=%DAYHOME%\broker" -cp "!CP:~1!" org.daybreak.cli.Main %*
exit /b %ERRORLEVEL%
