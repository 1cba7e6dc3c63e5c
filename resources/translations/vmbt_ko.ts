<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ko_KR">
<context>
    <name>BusyRow</name>
    <message>
        <location filename="../../gui/pages/check.py" line="49" />
        <source>Cancel the running check</source>
        <translation>실행 중인 검사 취소</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="50" />
        <source>Check in progress</source>
        <translation>검사 진행 중</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="63" />
        <source>Checking… %1 s</source>
        <translation>검사하는 중… %1초</translation>
    </message>
    <message>
        <source>Cancel the c&amp;heck</source>
        <translation>검사 취소(&amp;H)</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <location filename="../../gui/pages/check.py" line="147" />
        <source>This check needs administrator rights.</source>
        <translation>이 검사에는 관리자 권한이 필요합니다.</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="149" />
        <source>It opens network connections from this VM (nothing is changed).</source>
        <translation>이 VM에서 네트워크 연결을 엽니다(아무것도 바꾸지 않습니다).</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="150" />
        <source>Checks only read; they never change the VM.</source>
        <translation>검사는 읽기만 하며 VM을 절대 바꾸지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="152" />
        <location filename="../../gui/pages/check.py" line="196" />
        <source>&amp;Run the check</source>
        <translation>검사 실행(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="153" />
        <source>Run the check</source>
        <translation>검사 실행</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="154" />
        <source>S&amp;kip</source>
        <translation>건너뛰기(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="155" />
        <source>Skip this check and answer without it</source>
        <translation>이 검사를 건너뛰고 검사 없이 진행</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="156" />
        <location filename="../../gui/pages/check.py" line="157" />
        <source>Run checks automatically</source>
        <translation>검사 자동 실행</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="158" />
        <source>The check was cancelled. Run it again or skip it.</source>
        <translation>검사를 취소했습니다. 다시 실행하거나 건너뛸 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="196" />
        <source>&amp;Run the check again</source>
        <translation>검사 다시 실행(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="211" />
        <source>This check could not look because the program runs without administrator rights. Restart it as administrator: the walk continues where you are now.</source>
        <translation>프로그램이 관리자 권한 없이 실행 중이라 이 검사를 할 수 없었습니다. 관리자 권한으로 다시 시작하면 지금 위치에서 이어서 진행합니다.</translation>
    </message>
    <message>
        <location filename="../../gui/pages/check.py" line="215" />
        <source>This check could not look because the program runs without root rights. Close it and start it again as root; the walk continues where you are now:
%1</source>
        <translation>프로그램이 root 권한 없이 실행 중이라 이 검사를 할 수 없었습니다. 프로그램을 닫고 root로 다시 시작하면 지금 위치에서 이어서 진행합니다.
%1</translation>
    </message>
    <message>
        <source>Run checks &amp;automatically</source>
        <translation>검사 자동 실행(&amp;A)</translation>
    </message>
    <message>
        <source>Restart as a&amp;dministrator</source>
        <translation>관리자 권한으로 다시 시작(&amp;D)</translation>
    </message>
    <message>
        <source>Checks are off: this computer is not the VM you are troubleshooting, and a check looks only at the computer it runs on. Skip it and answer the next question yourself, or run the program on the VM.</source>
        <translation>검사가 꺼져 있습니다. 이 컴퓨터는 문제를 해결하려는 VM이 아니며, 검사는 실행되는 컴퓨터만 확인합니다. 이 검사를 건너뛰고 다음 질문에 직접 답하거나, VM에서 프로그램을 실행합니다.</translation>
    </message>
    <message>
        <source>This check is for %1 VMs and the VM you are troubleshooting runs %2: skip it.</source>
        <translation>이 검사는 %1 VM용입니다. 문제를 해결하려는 VM의 운영 체제는 %2이므로 이 검사는 건너뜁니다.</translation>
    </message>
</context>
<context>
    <name>CheckResultView</name>
    <message>
        <location filename="../../gui/widgets.py" line="127" />
        <source>Show or hide the evidence</source>
        <translation>근거 보이기 또는 숨기기</translation>
    </message>
    <message>
        <location filename="../../gui/widgets.py" line="128" />
        <source>Evidence</source>
        <translation>근거</translation>
    </message>
    <message>
        <source>Show &amp;what was found (evidence)</source>
        <translation>찾은 내용(근거) 보기(&amp;W)</translation>
    </message>
</context>
<context>
    <name>CollectDialog</name>
    <message>
        <source>Collect logs for support</source>
        <translation>지원용 로그 수집</translation>
    </message>
    <message>
        <source>Writing %1

Secrets are removed from every file before it goes in; nothing on this VM is changed.</source>
        <translation>%1에 씁니다.

모든 파일은 넣기 전에 비밀 정보를 제거합니다. 이 VM에서는 아무것도 바꾸지 않습니다.</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>진행률</translation>
    </message>
    <message>
        <source>Running the checks…</source>
        <translation>검사를 실행하는 중…</translation>
    </message>
    <message>
        <source>What went into the zip</source>
        <translation>zip 파일에 들어간 내용</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>닫기(&amp;L)</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <source>%1 file(s), %2 MB; %3 secret(s) removed.</source>
        <translation>파일 %1개, %2MB. 비밀 정보 %3개를 제거했습니다.</translation>
    </message>
    <message>
        <source>%1 long log(s) were cut to their newest part to fit the size limit.</source>
        <translation>긴 로그 %1개는 크기 제한에 맞추려고 최신 부분만 남겼습니다.</translation>
    </message>
    <message>
        <source>%1 item(s) were left out; manifest.json in the zip says which and why.</source>
        <translation>항목 %1개를 넣지 않았습니다. 어떤 항목을 왜 뺐는지는 zip 파일의 manifest.json에 있습니다.</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>저장함: %1</translation>
    </message>
    <message>
        <source>The zip was not written: %1</source>
        <translation>zip 파일을 쓰지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation>취소했습니다. 아무 파일도 쓰지 않았습니다.</translation>
    </message>
</context>
<context>
    <name>CommandBlock</name>
    <message>
        <location filename="../../gui/widgets.py" line="191" />
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <location filename="../../gui/widgets.py" line="192" />
        <source>Copy the command: %1</source>
        <translation>명령 복사: %1</translation>
    </message>
    <message>
        <location filename="../../gui/widgets.py" line="196" />
        <source>Copied</source>
        <translation>복사됨</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/mainwindow.py" line="79" />
        <source>VM Backup Troubleshooter</source>
        <translation>VM 백업 문제 해결 도우미</translation>
    </message>
    <message>
        <location filename="../../gui/mainwindow.py" line="80" />
        <source>&amp;Language:</source>
        <translation>언어(&amp;L):</translation>
    </message>
    <message>
        <location filename="../../gui/mainwindow.py" line="81" />
        <source>Language of the window and the report</source>
        <translation>창과 보고서의 언어</translation>
    </message>
</context>
<context>
    <name>ResolutionPage</name>
    <message>
        <source>Check again is off: this computer is not the VM you are troubleshooting, and a check looks only at the computer it runs on. Run the program on the VM to check there.</source>
        <translation>다시 검사할 수 없습니다. 이 컴퓨터는 문제를 해결하려는 VM이 아니며, 검사는 실행되는 컴퓨터만 확인합니다. VM에서 프로그램을 실행하여 검사합니다.</translation>
    </message>
    <message>
        <location filename="../../gui/pages/resolution.py" line="93" />
        <source>Error codes this fixes: %1</source>
        <translation>이 방법으로 해결되는 오류 코드: %1</translation>
    </message>
    <message>
        <location filename="../../gui/pages/resolution.py" line="95" />
        <source>Commands</source>
        <translation>명령</translation>
    </message>
    <message>
        <location filename="../../gui/pages/resolution.py" line="101" />
        <source>After the fix, check again: %1</source>
        <translation>해결한 뒤 다시 검사: %1</translation>
    </message>
    <message>
        <location filename="../../gui/pages/resolution.py" line="103" />
        <source>Check &amp;again</source>
        <translation>다시 검사(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/resolution.py" line="104" />
        <source>Run the check again after the fix</source>
        <translation>해결한 뒤 검사를 다시 실행</translation>
    </message>
    <message>
        <location filename="../../gui/pages/resolution.py" line="105" />
        <source>Before:</source>
        <translation>이전:</translation>
    </message>
    <message>
        <location filename="../../gui/pages/resolution.py" line="106" />
        <source>After:</source>
        <translation>이후:</translation>
    </message>
    <message>
        <source>&amp;Still failing &gt;</source>
        <translation>여전히 실패(&amp;S) &gt;</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../gui/pages/start.py" line="92" />
        <source>What is going wrong?</source>
        <translation>어떤 문제가 있나요?</translation>
    </message>
    <message>
        <location filename="../../gui/pages/start.py" line="93" />
        <source>Choose the problem, or paste the error from the Azure portal to go straight to its fix.</source>
        <translation>문제를 고르거나, Azure Portal의 오류를 붙여 넣어 바로 해결 방법으로 이동합니다.</translation>
    </message>
    <message>
        <location filename="../../gui/pages/start.py" line="94" />
        <source>The problem:</source>
        <translation>문제:</translation>
    </message>
    <message>
        <location filename="../../gui/pages/start.py" line="102" />
        <source>For example: UserErrorGuestAgentStatusUnavailable</source>
        <translation>예: UserErrorGuestAgentStatusUnavailable</translation>
    </message>
    <message>
        <location filename="../../gui/pages/start.py" line="103" />
        <source>Search by error message or code</source>
        <translation>오류 메시지나 코드로 검색</translation>
    </message>
    <message>
        <location filename="../../gui/pages/start.py" line="104" />
        <source>Matching fixes</source>
        <translation>일치하는 해결 방법</translation>
    </message>
    <message>
        <location filename="../../gui/pages/start.py" line="105" />
        <source>No fix matches these words. Choose the problem above instead.</source>
        <translation>이 내용과 일치하는 해결 방법이 없습니다. 위에서 문제를 고릅니다.</translation>
    </message>
    <message>
        <location filename="../../gui/pages/start.py" line="225" />
        <source>Search cannot be used: its vocabulary file has a problem. Choose the problem above instead.</source>
        <translation>검색을 사용할 수 없습니다. 검색 어휘 파일에 문제가 있습니다. 위에서 문제를 고릅니다.</translation>
    </message>
    <message>
        <location filename="../../gui/pages/start.py" line="111" />
        <source>Resume where you left off</source>
        <translation>중단한 곳에서 계속</translation>
    </message>
    <message>
        <source>Or &amp;paste the error message or code from the portal:</source>
        <translation>또는 Portal의 오류 메시지나 코드를 붙여 넣습니다(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Resume where you left off: %1 (%2)</source>
        <translation>중단한 곳에서 계속(&amp;R): %1 (%2)</translation>
    </message>
    <message>
        <source>The VM to troubleshoot:</source>
        <translation>문제를 해결할 VM:</translation>
    </message>
    <message>
        <source>&amp;Windows VM</source>
        <translation>Windows VM(&amp;W)</translation>
    </message>
    <message>
        <source>L&amp;inux VM</source>
        <translation>Linux VM(&amp;I)</translation>
    </message>
    <message>
        <source>This computer runs %1 and is not an Azure VM. The checks look only at the computer they run on, so they are off: each check page says so, and you answer its question yourself.</source>
        <translation>이 컴퓨터는 %1 컴퓨터이며 Azure VM이 아닙니다. 검사는 실행되는 컴퓨터만 확인하므로 꺼 두었습니다. 각 검사 페이지에 그 이유가 표시되며, 질문에는 직접 답합니다.</translation>
    </message>
    <message>
        <source>for %1 VMs</source>
        <translation>%1 VM용</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../gui/pages/summary.py" line="74" />
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="76" />
        <source>Save &amp;PDF…</source>
        <translation>PDF 저장(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="76" />
        <source>Save the report as a PDF file</source>
        <translation>보고서를 PDF 파일로 저장</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="77" />
        <source>P&amp;rint…</source>
        <translation>인쇄(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="77" />
        <source>Print the report</source>
        <translation>보고서 인쇄</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="78" />
        <source>Print pre&amp;view</source>
        <translation>인쇄 미리 보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="78" />
        <source>Show how the printed report looks</source>
        <translation>인쇄될 보고서 모양 보기</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="79" />
        <source>&amp;Copy as text</source>
        <translation>텍스트로 복사(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="79" />
        <source>Copy the report as plain text</source>
        <translation>보고서를 일반 텍스트로 복사</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="80" />
        <source>Save &amp;JSON…</source>
        <translation>JSON 저장(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="80" />
        <source>Save the report as a JSON file</source>
        <translation>보고서를 JSON 파일로 저장</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="81" />
        <source>Start &amp;over</source>
        <translation>처음부터 다시(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="81" />
        <source>Start a new walk from the first page</source>
        <translation>첫 페이지에서 새로 시작</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="85" />
        <source>The report</source>
        <translation>보고서</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="108" />
        <source>The report could not be saved.

%1

Choose another place.</source>
        <translation>보고서를 저장할 수 없습니다.

%1

다른 위치를 고릅니다.</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="112" />
        <source>Saved: %1</source>
        <translation>저장함: %1</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="116" />
        <source>Save the report as PDF</source>
        <translation>보고서를 PDF로 저장</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="116" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF 파일 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="120" />
        <source>Save the report as JSON</source>
        <translation>보고서를 JSON으로 저장</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="120" />
        <source>JSON files (*.json)</source>
        <translation>JSON 파일 (*.json)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/summary.py" line="138" />
        <source>The report is on the clipboard as text.</source>
        <translation>보고서를 텍스트로 클립보드에 복사했습니다.</translation>
    </message>
    <message>
        <source>Collect lo&amp;gs for support…</source>
        <translation>지원용 로그 수집(&amp;G)…</translation>
    </message>
    <message>
        <source>Save one zip with this report, the checks and the backup logs, for a support ticket</source>
        <translation>지원 요청에 첨부할 수 있도록 이 보고서, 검사 결과, 백업 로그를 zip 파일 하나로 저장</translation>
    </message>
    <message>
        <source>Collect logs for support</source>
        <translation>지원용 로그 수집</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>Zip 파일(*.zip)</translation>
    </message>
    <message>
        <source>&amp;Hide identifiers in the report (subscription, VM id, host name, IP addresses)</source>
        <translation>보고서에서 식별 정보 가리기(구독, VM ID, 호스트 이름, IP 주소)(&amp;H)</translation>
    </message>
</context>
<context>
    <name>TroubleshooterWizard</name>
    <message>
        <location filename="../../gui/wizard.py" line="94" />
        <source>Step %1 · %2</source>
        <translation>%1단계 · %2</translation>
    </message>
    <message>
        <location filename="../../gui/wizard.py" line="133" />
        <source>The saved walk cannot be resumed: %1</source>
        <translation>저장된 진행 기록을 이어서 할 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../../gui/wizard.py" line="266" />
        <source>That &amp;fixed it</source>
        <translation>해결됨(&amp;F)</translation>
    </message>
    <message>
        <source>Canc&amp;el</source>
        <translation>취소(&amp;E)</translation>
    </message>
    <message>
        <source>The walk is not finished. Keep it so that you can resume it later?</source>
        <translation>문제 해결이 아직 끝나지 않았습니다. 나중에 이어서 할 수 있도록 보관하시겠습니까?</translation>
    </message>
    <message>
        <source>&amp;Keep it for later</source>
        <translation>나중을 위해 보관(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Discard it</source>
        <translation>버리기(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Stay</source>
        <translation>계속 보기(&amp;S)</translation>
    </message>
</context>
<context>
    <name>run_app</name>
    <message>
        <location filename="../../gui/app.py" line="88" />
        <source>The troubleshooting flows could not be loaded:</source>
        <translation>문제 해결 흐름을 불러올 수 없습니다:</translation>
    </message>
</context>
<context>
    <name>LinkOpener</name>
    <message>
        <source>No web browser could be opened on this computer. Copy the address and open it where a browser is:</source>
        <translation>이 컴퓨터에서 웹 브라우저를 열 수 없습니다. 주소를 복사하여 브라우저가 있는 곳에서 엽니다.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something went wrong inside the program: %1</source>
        <translation>프로그램 내부에서 오류가 발생했습니다: %1</translation>
    </message>
    <message>
        <source>Your walk is kept. The details are in the log file:
%1</source>
        <translation>진행 중인 문제 해결은 그대로 보관됩니다. 자세한 내용은 로그 파일에 있습니다:
%1</translation>
    </message>
</context>
</TS>