<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Accounts</name>
    <message>
        <source>Admin (secretary)</source>
        <translation>管理员（书记）</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>County staff</source>
        <translation>县级工作人员</translation>
    </message>
</context>
<context>
    <name>ActivitiesTab</name>
    <message>
        <source>&amp;New activity</source>
        <translation>新增活动(&amp;N)</translation>
    </message>
    <message>
        <source>Record an activity and the special families that attended (Ctrl+N)</source>
        <translation>登记一项活动及参加的特殊家庭（Ctrl+N）</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Year:</source>
        <translation>年度(&amp;Y)：</translation>
    </message>
    <message>
        <source>Open or set up an office to see its activities.</source>
        <translation>请先打开或设立单位，再查看活动。</translation>
    </message>
    <message>
        <source>Reading the activities…</source>
        <translation>正在读取活动…</translation>
    </message>
    <message numerus="yes">
        <source>%n activity(ies) in {year}</source>
        <translation>
            <numerusform>{year} 年共 %n 项活动</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n count(s) for the five-ones</source>
        <translation>
            <numerusform>；其中 %n 项计入五个一</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the activity…</source>
        <translation>正在读取活动…</translation>
    </message>
    <message>
        <source>Deleting the activity…</source>
        <translation>正在删除活动…</translation>
    </message>
    <message>
        <source>Delete activity</source>
        <translation>删除活动</translation>
    </message>
    <message>
        <source>Delete the activity “{title}” of {date}?</source>
        <translation>删除 {date} 的活动“{title}”？</translation>
    </message>
    <message numerus="yes">
        <source>%n special family(ies) attended it.</source>
        <translation>
            <numerusform>有 %n 户特殊家庭参加了这项活动。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>For %n of them it is the only group activity of {year}: they lose the group-activity item of their five-ones.</source>
        <translation>
            <numerusform>其中 %n 户在 {year} 年只参加了这一项集体活动：删除后它们的五个一将缺少“集体交流活动”。</numerusform>
        </translation>
    </message>
    <message>
        <source>Each attended another group activity in {year}, so no family loses its group-activity item.</source>
        <translation>这些家庭在 {year} 年都参加过其他集体活动，五个一不受影响。</translation>
    </message>
</context>
<context>
    <name>ActivityDialog</name>
    <message>
        <source>Edit activity</source>
        <translation>编辑活动</translation>
    </message>
    <message>
        <source>New activity</source>
        <translation>新增活动</translation>
    </message>
    <message>
        <source>e.g. Mid-Autumn get-together</source>
        <translation>例如：中秋座谈会</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>Everyone who was there; at least the families ticked</source>
        <translation>到场的全部人数，不少于勾选的家庭数</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>类型(&amp;Y)：</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>名称(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Place:</source>
        <translation>地点(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Village:</source>
        <translation>村（居）(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Hours:</source>
        <translation>时长(&amp;H)：</translation>
    </message>
    <message>
        <source>Partici&amp;pants:</source>
        <translation>参加人数(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Notes:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Find a family: name or pinyin (Ctrl+F)</source>
        <translation>查找家庭：姓名或拼音（Ctrl+F）</translation>
    </message>
    <message>
        <source>Down: to the list · Space: tick or untick · Ctrl+F: find another</source>
        <translation>↓：进入列表 · 空格：勾选或取消 · Ctrl+F：再查找</translation>
    </message>
    <message>
        <source>&amp;Special families that attended:</source>
        <translation>参加的特殊家庭(&amp;S)：</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>参加情况</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Opening the activity…</source>
        <translation>正在打开活动…</translation>
    </message>
    <message numerus="yes">
        <source>%n family(ies) ticked</source>
        <translation>
            <numerusform>已勾选 %n 户</numerusform>
        </translation>
    </message>
    <message>
        <source>Group activities and members&apos; days count as the group activity of the five-ones for every family ticked here.</source>
        <translation>集体交流活动和会员活动日计入这里勾选的每户家庭的五个一（集体交流活动）。</translation>
    </message>
    <message>
        <source>A {type} does not count for the five-ones (only group activities and members&apos; days do); tick the families anyway to keep a record of who came.</source>
        <translation>{type}不计入五个一（只有集体交流活动和会员活动日计入）；仍可勾选参加的家庭以留存记录。</translation>
    </message>
    <message>
        <source>Give the activity a title.</source>
        <translation>请填写活动名称。</translation>
    </message>
    <message>
        <source>The date is in the future: record an activity once it has taken place.</source>
        <translation>日期晚于今天：请在活动举办后再登记。</translation>
    </message>
    <message>
        <source>The number of participants ({count}) is less than the attendees named ({attendees}).</source>
        <translation>参加人数（{count}）少于登记的参加者（{attendees}）。</translation>
    </message>
    <message>
        <source>Saving the activity…</source>
        <translation>正在保存活动…</translation>
    </message>
</context>
<context>
    <name>ActivityTableModel</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村（居）</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>参加人数</translation>
    </message>
    <message>
        <source>Special families</source>
        <translation>特殊家庭</translation>
    </message>
    <message>
        <source>Counts for five-ones</source>
        <translation>计入五个一</translation>
    </message>
    <message>
        <source>Group activities and members&apos; days count as the group activity of the five-ones for every family that attended.</source>
        <translation>集体交流活动和会员活动日计入每户参加家庭的五个一（集体交流活动）。</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>AuditLogDialog</name>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>any account</source>
        <translation>全部账户</translation>
    </message>
    <message>
        <source>Every action</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>search the details</source>
        <translation>在详情中搜索</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>账户(&amp;A)：</translation>
    </message>
    <message>
        <source>Ac&amp;tion:</source>
        <translation>操作(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>从(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>到(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>&amp;Check the chain</source>
        <translation>核对校验链(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Reading the audit log…</source>
        <translation>正在读取审计日志…</translation>
    </message>
    <message>
        <source>Showing the newest {shown} of {total} rows; the export has them all.</source>
        <translation>共 {total} 条，这里只显示最新的 {shown} 条；导出的文件包含全部记录。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>共 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Checking the audit log…</source>
        <translation>正在核对审计日志…</translation>
    </message>
    <message>
        <source>Exporting the audit log…</source>
        <translation>正在导出审计日志…</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Backups are made on exit once a day and before every import, upgrade and restore. They stay encrypted with this database&apos;s key. Folder: {folder}</source>
        <translation>每天退出时、每次导入、升级和恢复之前都会自动备份。备份仍用本数据库的密钥加密。备份文件夹：{folder}</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Restore the selected backup…</source>
        <translation>恢复所选备份(&amp;R)…</translation>
    </message>
    <message>
        <source>Open the &amp;folder</source>
        <translation>打开文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>Keep &amp;daily backups for (days):</source>
        <translation>保留每日备份（天）(&amp;D)：</translation>
    </message>
    <message>
        <source>Keep &amp;weekly backups for (weeks):</source>
        <translation>保留每周备份（周）(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Replace the database by the backup of {made}? Everything entered since then is set aside (the database as it is now is backed up first). Packages sent to the county after that time will be sent again from the restored data.</source>
        <translation>用 {made} 的备份替换当前数据库？此后录入的内容将不再显示（恢复前会先备份当前数据库）。此后已报送县里的同步包，将以恢复后的数据重新报送。</translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <translation>正在读取备份…</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>&amp;Current password:</source>
        <translation>当前密码(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <source>New password &amp;again:</source>
        <translation>再次输入新密码(&amp;A)：</translation>
    </message>
    <message>
        <source>At least 8 characters, not the user name, not too simple.</source>
        <translation>至少 8 个字符，不能与用户名相同，也不能太简单。</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>ChecklistTab</name>
    <message>
        <source>Year </source>
        <translation>年度 </translation>
    </message>
    <message>
        <source>Not contacted for </source>
        <translation>超过 </translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天未联系</translation>
    </message>
    <message>
        <source>Any item missing</source>
        <translation>任一项未完成</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>家庭</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村（居）</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>最近走访</translation>
    </message>
    <message>
        <source>Days since</source>
        <translation>距今天数</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进事项</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Visit date</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>五个一清单</translation>
    </message>
    <message>
        <source>Missing items</source>
        <translation>缺项家庭</translation>
    </message>
    <message>
        <source>Not contacted</source>
        <translation>未联系家庭</translation>
    </message>
    <message>
        <source>Follow-ups due</source>
        <translation>待办跟进</translation>
    </message>
    <message>
        <source>Open emergencies</source>
        <translation>未结应急探视</translation>
    </message>
    <message>
        <source>Reading the five-ones checklist…</source>
        <translation>正在读取五个一清单…</translation>
    </message>
    <message>
        <source>All villages</source>
        <translation>全部村（居）</translation>
    </message>
    <message>
        <source>(no village recorded)</source>
        <translation>（未填写村居）</translation>
    </message>
    <message>
        <source>All five: {done}/{total} ({percent:.1f}%)</source>
        <translation>五项全部完成：{done}/{total}（{percent:.1f}%）</translation>
    </message>
</context>
<context>
    <name>ComingPage</name>
    <message>
        <source>This part of FPA Desk is being built.</source>
        <translation>这部分功能正在建设中。</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>FPA Desk hit a problem</source>
        <translation>计生协基层工作台出错了</translation>
    </message>
    <message>
        <source>FPA Desk hit an unexpected problem. Your saved data is safe; the last action may not have finished.

A report was saved to:
{path}
Please send this file to your county office or the developers.</source>
        <translation>计生协基层工作台遇到了意外问题。已保存的数据是安全的；刚才的操作可能没有完成。

错误报告已保存到：
{path}
请把这个文件发给县计生协或开发人员。</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>DashboardTab</name>
    <message>
        <source>Five-ones coverage this year (%)</source>
        <translation>本年五个一完成率（%）</translation>
    </message>
    <message>
        <source>Visits per month (January to December)</source>
        <translation>每月走访次数（1—12 月）</translation>
    </message>
    <message>
        <source>Overdue per village</source>
        <translation>各村逾期情况</translation>
    </message>
    <message>
        <source>Click a bar to open its list.</source>
        <translation>点击柱形可打开对应名单。</translation>
    </message>
    <message>
        <source>Reading this year&apos;s care…</source>
        <translation>正在读取本年度帮扶情况…</translation>
    </message>
    <message>
        <source>{year}: families in care {families} · all five items met {complete} ({percent:.1f}%) · visits this year {visits} · follow-ups overdue {overdue} · open emergencies {emergencies}</source>
        <translation>{year} 年：在册帮扶家庭 {families} 户 · 五个一全部完成 {complete} 户（{percent:.1f}%）· 本年走访 {visits} 次 · 逾期跟进 {overdue} 项 · 未结应急探视 {emergencies} 项</translation>
    </message>
    <message>
        <source>Follow-ups overdue</source>
        <translation>跟进逾期</translation>
    </message>
    <message>
        <source>Not contacted for {days} days</source>
        <translation>超过 {days} 天未联系</translation>
    </message>
    <message>
        <source>Visits in {year}-{month:02d}</source>
        <translation>{year} 年 {month} 月的走访</translation>
    </message>
    <message>
        <source>Reading the month&apos;s visits…</source>
        <translation>正在读取本月走访…</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>FPA Desk</source>
        <translation>计生协基层工作台</translation>
    </message>
</context>
<context>
    <name>FamiliesPage</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Families and visits</source>
        <translation>家庭与走访</translation>
    </message>
    <message>
        <source>Five-ones checklist</source>
        <translation>五个一清单</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Open or set up an office to see its special families.</source>
        <translation>请先打开或设立单位，再查看计生特殊家庭。</translation>
    </message>
</context>
<context>
    <name>FamilyFormDialog</name>
    <message>
        <source>Special family</source>
        <translation>计生特殊家庭</translation>
    </message>
    <message>
        <source>New special family</source>
        <translation>新增计生特殊家庭</translation>
    </message>
    <message>
        <source>&amp;Family</source>
        <translation>家庭(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;People</source>
        <translation>家庭成员(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Liaisons</source>
        <translation>双岗联系人(&amp;L)</translation>
    </message>
    <message>
        <source>C&amp;onsent</source>
        <translation>单独同意(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Insurance</source>
        <translation>保险(&amp;I)</translation>
    </message>
    <message>
        <source>Sho&amp;w full details…</source>
        <translation>显示完整信息(&amp;W)…</translation>
    </message>
    <message>
        <source>ID numbers, phones and health details are masked; showing them asks for a reason, which is kept in the audit log</source>
        <translation>身份证号、电话和健康信息已隐藏；显示时需说明原因，原因记入审计日志</translation>
    </message>
    <message>
        <source>Clos&amp;e the case…</source>
        <translation>结案(&amp;E)…</translation>
    </message>
    <message>
        <source>Give the family a cop&amp;y of its data…</source>
        <translation>向家庭提供其数据副本(&amp;Y)…</translation>
    </message>
    <message>
        <source>Write everything the office holds on this family to a workbook for them</source>
        <translation>把本单位保存的该家庭全部信息写入一个工作簿，交给家庭本人</translation>
    </message>
    <message>
        <source>A&amp;nonymise…</source>
        <translation>匿名化(&amp;N)…</translation>
    </message>
    <message>
        <source>Remove who the family&apos;s people are; the counts of care stay</source>
        <translation>删除能识别家庭成员身份的信息；帮扶统计保留</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save (Ctrl+S or Ctrl+Enter)</source>
        <translation>保存（Ctrl+S 或 Ctrl+Enter）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>The year the special assistance started</source>
        <translation>开始享受特别扶助的年份</translation>
    </message>
    <message>
        <source>since year:</source>
        <translation>起始年份：</translation>
    </message>
    <message>
        <source>&amp;Has a family-doctor contract</source>
        <translation>已签约家庭医生(&amp;H)</translation>
    </message>
    <message>
        <source>e.g. 2024-03-01</source>
        <translation>例如：2024-03-01</translation>
    </message>
    <message>
        <source>signed on:</source>
        <translation>签约日期：</translation>
    </message>
    <message>
        <source>Has &amp;priority medical care (就医绿色通道)</source>
        <translation>已开通就医绿色通道(&amp;P)</translation>
    </message>
    <message>
        <source>Type the head&apos;s name or the address</source>
        <translation>输入户主姓名或地址</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>类别(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Village:</source>
        <translation>村（居）(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>住址(&amp;A)：</translation>
    </message>
    <message>
        <source>Living a&amp;rrangement:</source>
        <translation>居住情况(&amp;R)：</translation>
    </message>
    <message>
        <source>Spe&amp;cial assistance:</source>
        <translation>特别扶助(&amp;C)：</translation>
    </message>
    <message>
        <source>Family doctor:</source>
        <translation>家庭医生：</translation>
    </message>
    <message>
        <source>Liaison &amp;household:</source>
        <translation>会员联系户(&amp;H)：</translation>
    </message>
    <message>
        <source>Nee&amp;ds:</source>
        <translation>需求(&amp;D)：</translation>
    </message>
    <message>
        <source>No&amp;tes:</source>
        <translation>备注(&amp;T)：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Sex:</source>
        <translation>性别：</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>身份证号：</translation>
    </message>
    <message>
        <source>Date of birth:</source>
        <translation>出生日期：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <source>Health:</source>
        <translation>健康状况：</translation>
    </message>
    <message>
        <source>Disability:</source>
        <translation>残疾类别：</translation>
    </message>
    <message>
        <source>Disability grade:</source>
        <translation>残疾等级：</translation>
    </message>
    <message>
        <source>Disabled since:</source>
        <translation>致残日期：</translation>
    </message>
    <message>
        <source>Date of death:</source>
        <translation>死亡日期：</translation>
    </message>
    <message>
        <source>Member:</source>
        <translation>会员：</translation>
    </message>
    <message>
        <source>e.g. 2020-08-15</source>
        <translation>例如 2020-08-15</translation>
    </message>
    <message>
        <source>Untick to leave this person out of the family&apos;s record</source>
        <translation>取消勾选则不登记此人</translation>
    </message>
    <message>
        <source>18 characters</source>
        <translation>18 位</translation>
    </message>
    <message>
        <source>Grade {grade}</source>
        <translation>{grade} 级</translation>
    </message>
    <message>
        <source>The member&apos;s name, if they are one</source>
        <translation>如是会员，输入姓名</translation>
    </message>
    <message>
        <source>Every special family has two liaisons (双岗联系人): a township cadre and a village cadre, a member, doctor or volunteer of the village.</source>
        <translation>每户特殊家庭有两名联系人（双岗联系人）：一名乡镇干部，一名村干部、会员、村医或志愿者。</translation>
    </message>
    <message>
        <source>&amp;Township cadre:</source>
        <translation>乡镇干部(&amp;T)：</translation>
    </message>
    <message>
        <source>Township cadre&apos;s p&amp;hone:</source>
        <translation>乡镇干部电话(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Village cadre:</source>
        <translation>村干部(&amp;V)：</translation>
    </message>
    <message>
        <source>Villa&amp;ge cadre&apos;s phone:</source>
        <translation>村干部电话(&amp;G)：</translation>
    </message>
    <message>
        <source>e.g. 2025-01-05</source>
        <translation>例如 2025-01-05</translation>
    </message>
    <message>
        <source>e.g. care records and visit logs</source>
        <translation>例如：帮扶档案和走访记录</translation>
    </message>
    <message>
        <source>Health, disability and bereavement are sensitive personal information: the family&apos;s separate written consent is needed to keep them. Record when it was signed, what it covers and who signed it.</source>
        <translation>健康、残疾和失独信息属于敏感个人信息：保存这些信息需取得家庭的单独书面同意。请登记签署日期、同意范围和签字人。</translation>
    </message>
    <message>
        <source>&amp;Date signed:</source>
        <translation>签署日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Covers:</source>
        <translation>同意范围(&amp;C)：</translation>
    </message>
    <message>
        <source>Signed &amp;by:</source>
        <translation>签字人(&amp;B)：</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Insurer</source>
        <translation>保险公司</translation>
    </message>
    <message>
        <source>Premium (yuan)</source>
        <translation>保费（元）</translation>
    </message>
    <message>
        <source>Kind of insurance</source>
        <translation>险种</translation>
    </message>
    <message>
        <source>Premium</source>
        <translation>保费</translation>
    </message>
    <message>
        <source>A&amp;dd policy</source>
        <translation>添加保单(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Remove policy…</source>
        <translation>删除保单(&amp;R)…</translation>
    </message>
    <message>
        <source>Save the family first: insurance is recorded for a saved family.</source>
        <translation>请先保存家庭，再登记保险。</translation>
    </message>
    <message>
        <source>Ye&amp;ar:</source>
        <translation>年度(&amp;A)：</translation>
    </message>
    <message>
        <source>Opening the family…</source>
        <translation>正在打开家庭…</translation>
    </message>
    <message>
        <source>County staff read the families here; the office that keeps a family changes it.</source>
        <translation>县级账户在此只能查看；家庭信息由其所属单位修改。</translation>
    </message>
    <message>
        <source>Volunteers read the families paired with them; the office changes them.</source>
        <translation>志愿者可查看与自己结对的家庭；家庭信息由单位修改。</translation>
    </message>
    <message>
        <source>This family was anonymised on {date}: the record keeps the counts of its care, not who they were.</source>
        <translation>该家庭已于 {date} 匿名化：记录只保留帮扶统计，不再包含身份信息。</translation>
    </message>
    <message>
        <source>The case was closed on {date}: {reason}</source>
        <translation>已于 {date} 结案：{reason}</translation>
    </message>
    <message>
        <source>Special family: {names}</source>
        <translation>计生特殊家庭：{names}</translation>
    </message>
    <message>
        <source>Masked to protect the family&apos;s privacy</source>
        <translation>为保护家庭隐私已隐藏</translation>
    </message>
    <message>
        <source>Please correct the fields marked in red on: {tabs}</source>
        <translation>请更正以下页中标红的内容：{tabs}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save anyway?</source>
        <translation>仍要保存吗？</translation>
    </message>
    <message>
        <source>Please check:</source>
        <translation>请核对：</translation>
    </message>
    <message>
        <source>Save the family anyway?</source>
        <translation>仍要保存这个家庭吗？</translation>
    </message>
    <message>
        <source>Saving the family…</source>
        <translation>正在保存家庭…</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>放弃修改吗？</translation>
    </message>
    <message>
        <source>What you typed has not been saved. Close anyway?</source>
        <translation>输入的内容尚未保存。仍要关闭吗？</translation>
    </message>
    <message>
        <source>Show full details</source>
        <translation>显示完整信息</translation>
    </message>
    <message>
        <source>ID numbers, phones, health and bereavement are sensitive personal information. The reason is kept in the audit log. Reason for showing them:</source>
        <translation>身份证号、电话、健康和失独信息属于敏感个人信息，原因将记入审计日志。显示的原因：</translation>
    </message>
    <message>
        <source>Closing the case…</source>
        <translation>正在结案…</translation>
    </message>
    <message>
        <source>Family data copy</source>
        <translation>家庭数据副本</translation>
    </message>
    <message>
        <source>Give the family a copy of its data</source>
        <translation>向家庭提供其数据副本</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>The copy holds everything in full, for the family only. The reason is kept in the audit log. Reason:</source>
        <translation>副本包含全部完整信息，仅交给家庭本人。原因将记入审计日志。原因：</translation>
    </message>
    <message numerus="yes">
        <source>The family&apos;s data (%n row(s)) was written to {path}.</source>
        <translation>
            <numerusform>家庭数据（%n 行）已写入 {path}。</numerusform>
        </translation>
    </message>
    <message>
        <source>Writing the family&apos;s copy…</source>
        <translation>正在写入家庭数据副本…</translation>
    </message>
    <message>
        <source>Anonymise the family</source>
        <translation>匿名化该家庭</translation>
    </message>
    <message>
        <source>Anonymising removes who the family&apos;s people are for good; the counts of its care stay. Reason (e.g. care ended five years ago):</source>
        <translation>匿名化将永久删除家庭成员的身份信息，帮扶统计保留。原因（例如：结案已满五年）：</translation>
    </message>
    <message>
        <source>Names, ID numbers, phones, addresses, birth dates, liaisons and the text of visits will be removed. This cannot be undone. Anonymise the family?</source>
        <translation>姓名、身份证号、电话、住址、出生日期、联系人和走访记录的文字将被删除，且无法恢复。确定匿名化该家庭吗？</translation>
    </message>
    <message>
        <source>Anonymising the family…</source>
        <translation>正在匿名化…</translation>
    </message>
    <message>
        <source>Saving the policy…</source>
        <translation>正在保存保单…</translation>
    </message>
    <message>
        <source>Remove policy</source>
        <translation>删除保单</translation>
    </message>
    <message>
        <source>Remove {policy}? Only for a policy recorded by mistake.</source>
        <translation>删除 {policy}？仅用于误登记的保单。</translation>
    </message>
    <message>
        <source>Removing the policy…</source>
        <translation>正在删除保单…</translation>
    </message>
</context>
<context>
    <name>FamilyTableModel</name>
    <message>
        <source>Mother</source>
        <translation>母亲</translation>
    </message>
    <message>
        <source>Father</source>
        <translation>父亲</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>子女</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村（居）</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Special assistance</source>
        <translation>特别扶助</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>最近走访</translation>
    </message>
    <message>
        <source>Five-ones missing this year</source>
        <translation>本年五个一缺项</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>单独同意</translation>
    </message>
    <message>
        <source>Closed {date}</source>
        <translation>已于 {date} 结案</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>Imported from another office: read-only here.</source>
        <translation>从其他单位导入：在此只读。</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to FPA Desk</source>
        <translation>欢迎使用计生协基层工作台</translation>
    </message>
    <message>
        <source>This computer has no office set up yet. Enter your association&apos;s name, level and 12-digit statistical region code, or try the program with a made-up demo office first.</source>
        <translation>这台电脑还没有设置本单位。请填写本计生协的名称、级别和 12 位统计用区划代码；也可以先用虚构的演示数据试用。</translation>
    </message>
    <message>
        <source>e.g. Dongfeng Village Family Planning Association</source>
        <translation>例如：东风村计划生育协会</translation>
    </message>
    <message>
        <source>Village / residents&apos; committee</source>
        <translation>村（居）</translation>
    </message>
    <message>
        <source>Township / street</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>County / district</source>
        <translation>县（区）</translation>
    </message>
    <message>
        <source>12 digits, e.g. 330106001001</source>
        <translation>12 位数字，例如 330106001001</translation>
    </message>
    <message>
        <source>e.g. Wang Li</source>
        <translation>例如：王丽</translation>
    </message>
    <message>
        <source>Admin &amp;user name:</source>
        <translation>管理员用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>Your n&amp;ame:</source>
        <translation>您的姓名(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Password a&amp;gain:</source>
        <translation>再次输入密码(&amp;G)：</translation>
    </message>
    <message>
        <source>You are this office&apos;s admin: you sign in with this account and create the others. The password protects the records of special families; at least 8 characters.</source>
        <translation>您是本单位的管理员：用这个账户登录，并为其他人创建账户。密码保护着计生特殊家庭的信息，至少 8 个字符。</translation>
    </message>
    <message>
        <source>Your account</source>
        <translation>您的账户</translation>
    </message>
    <message>
        <source>Office &amp;name:</source>
        <translation>单位名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>级别(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Region code:</source>
        <translation>区划代码(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Set up this office</source>
        <translation>设立本单位(&amp;S)</translation>
    </message>
    <message>
        <source>Set up this office</source>
        <translation>设立本单位</translation>
    </message>
    <message>
        <source>Try with &amp;demo data</source>
        <translation>用演示数据试用(&amp;D)</translation>
    </message>
    <message>
        <source>Just looking?</source>
        <translation>只是看看？</translation>
    </message>
    <message>
        <source>Opens a separate demo database filled with made-up people; your own office stays empty.</source>
        <translation>打开一个单独的演示数据库，里面都是虚构人员；本单位的数据库保持为空。</translation>
    </message>
</context>
<context>
    <name>GroupsDialog</name>
    <message>
        <source>Member groups</source>
        <translation>会员小组</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Group leader</source>
        <translation>组长</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员人数</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>新建(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Merge into…</source>
        <translation>并入(&amp;M)…</translation>
    </message>
    <message>
        <source>Set &amp;leader…</source>
        <translation>设置组长(&amp;L)…</translation>
    </message>
    <message>
        <source>Group name:</source>
        <translation>小组名称：</translation>
    </message>
    <message>
        <source>{group} ({count} members)</source>
        <translation>{group}（{count} 名会员）</translation>
    </message>
    <message>
        <source>Move every member of “{group}” into the group below; “{group}” then disappears.</source>
        <translation>把“{group}”的全部会员并入下面的小组，之后“{group}”将被撤销。</translation>
    </message>
    <message>
        <source>Merge groups</source>
        <translation>合并小组</translation>
    </message>
    <message>
        <source>(no leader)</source>
        <translation>（不设组长）</translation>
    </message>
    <message>
        <source>Set group leader</source>
        <translation>设置组长</translation>
    </message>
    <message>
        <source>Leader of “{group}”:</source>
        <translation>“{group}”的组长：</translation>
    </message>
    <message>
        <source>Reading the member groups…</source>
        <translation>正在读取会员小组…</translation>
    </message>
    <message>
        <source>New member group</source>
        <translation>新建会员小组</translation>
    </message>
    <message>
        <source>Creating the group…</source>
        <translation>正在新建小组…</translation>
    </message>
    <message>
        <source>Rename member group</source>
        <translation>重命名会员小组</translation>
    </message>
    <message>
        <source>Renaming the group…</source>
        <translation>正在重命名小组…</translation>
    </message>
    <message>
        <source>Merging the groups…</source>
        <translation>正在合并小组…</translation>
    </message>
    <message>
        <source>Reading the group&apos;s members…</source>
        <translation>正在读取小组会员…</translation>
    </message>
    <message>
        <source>Setting the group leader…</source>
        <translation>正在设置组长…</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import members from Excel</source>
        <translation>从 Excel 导入会员</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Leave members already on the roll as they are</source>
        <translation>名册中已有的会员保持不变</translation>
    </message>
    <message>
        <source>Update members already on the roll (matched by ID number)</source>
        <translation>更新名册中已有的会员（按身份证号匹配）</translation>
    </message>
    <message>
        <source>Import the valid rows even if some rows have errors</source>
        <translation>即使部分行有错误，也导入没有错误的行</translation>
    </message>
    <message>
        <source>Workbook (.xlsx, .xls, .ods):</source>
        <translation>工作簿（.xlsx、.xls、.ods）：</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Column in the sheet</source>
        <translation>表格中的列</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>对应项目</translation>
    </message>
    <message>
        <source>Show only rows with problems</source>
        <translation>只显示有问题的行</translation>
    </message>
    <message>
        <source>Save the list of problems…</source>
        <translation>保存问题清单…</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose the workbook</source>
        <translation>选择工作簿</translation>
    </message>
    <message>
        <source>Workbooks (*.xlsx *.xlsm *.xls *.ods)</source>
        <translation>工作簿 (*.xlsx *.xlsm *.xls *.ods)</translation>
    </message>
    <message>
        <source>Save the list of problems</source>
        <translation>保存问题清单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Reading the workbook…</source>
        <translation>正在读取工作簿…</translation>
    </message>
    <message>
        <source>Finding the columns…</source>
        <translation>正在识别各列…</translation>
    </message>
    <message>
        <source>The header is row {row} of sheet {sheet}. Check what each column holds:</source>
        <translation>表头在工作表“{sheet}”的第 {row} 行。请核对每一列对应的项目：</translation>
    </message>
    <message>
        <source>(no header)</source>
        <translation>（无列名）</translation>
    </message>
    <message>
        <source>(ignore this column)</source>
        <translation>（不导入此列）</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <source>{rows} rows: {new} new, {update} to update, {unchanged} unchanged, {duplicate} duplicates, {warning} with warnings, {error} with errors.</source>
        <translation>共 {rows} 行：新增 {new} 行，更新 {update} 行，无变化 {unchanged} 行，重复 {duplicate} 行，有提醒 {warning} 行，有错误 {error} 行。</translation>
    </message>
    <message>
        <source>New member groups the import creates: {groups}.</source>
        <translation>导入时将新建这些会员小组：{groups}。</translation>
    </message>
    <message>
        <source>Rows with errors must be corrected first, or choose to import only the valid rows (step 1).</source>
        <translation>请先改正有错误的行，或在第一步选择只导入没有错误的行。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Imported: {created} new, {updated} updated, {unchanged} unchanged, {skipped} skipped, {rejected} rejected, {warnings} with warnings.</source>
        <translation>导入完成：新增 {created} 人，更新 {updated} 人，无变化 {unchanged} 人，跳过 {skipped} 行，拒绝 {rejected} 行，带提醒导入 {warnings} 行。</translation>
    </message>
    <message>
        <source>Importing members…</source>
        <translation>正在导入会员…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <source>Sign in to FPA Desk</source>
        <translation>登录计生协基层工作台</translation>
    </message>
    <message>
        <source>FPA Desk was locked after a while without use. Enter your password to go on.</source>
        <translation>计生协基层工作台因一段时间没有使用，已锁定屏幕。请输入密码继续。</translation>
    </message>
    <message>
        <source>Sign in with the account the office&apos;s admin gave you.</source>
        <translation>请用本单位管理员为您开设的账户登录。</translation>
    </message>
    <message>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Unlock with the &amp;recovery key…</source>
        <translation>用恢复密钥解锁(&amp;R)…</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>Enter an admin&apos;s user name and password first, then the recovery key.</source>
        <translation>请先输入管理员的用户名和密码，再输入恢复密钥。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>village</source>
        <translation>村（居）</translation>
    </message>
    <message>
        <source>township</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>county</source>
        <translation>县（区）</translation>
    </message>
    <message>
        <source>FPA Desk</source>
        <translation>计生协基层工作台</translation>
    </message>
    <message>
        <source>FPA Desk is locked. Sign in to see the office&apos;s records.</source>
        <translation>计生协基层工作台已锁定。请登录后查看本单位的资料。</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Set up this office…</source>
        <translation>设立本单位(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Backups…</source>
        <translation>备份(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Lock the screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Change my password…</source>
        <translation>修改我的密码(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;User accounts…</source>
        <translation>用户账户(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the &amp;recovery key sheet…</source>
        <translation>保存恢复密钥页(&amp;R)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About FPA Desk</source>
        <translation>关于计生协基层工作台(&amp;A)</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Unencrypted database</source>
        <translation>数据库未加密</translation>
    </message>
    <message>
        <source>This database is not encrypted: anyone who copies the file can read it. Encrypt it now? A copy is encrypted and checked first; the original is replaced only when the copy is complete.</source>
        <translation>这个数据库没有加密：任何人复制该文件都能读取其中的信息。现在加密吗？会先加密一份副本并校验，副本完整后才替换原文件。</translation>
    </message>
    <message>
        <source>The database was not opened: it is not encrypted.</source>
        <translation>数据库未打开：它没有加密。</translation>
    </message>
    <message>
        <source>Encrypting the database…</source>
        <translation>正在加密数据库…</translation>
    </message>
    <message>
        <source>Database not open</source>
        <translation>数据库未打开</translation>
    </message>
    <message>
        <source>Office not set up</source>
        <translation>尚未设立本单位</translation>
    </message>
    <message>
        <source> (demo data)</source>
        <translation>（演示数据）</translation>
    </message>
    <message>
        <source>Office: {name} ({level}){demo}</source>
        <translation>本单位：{name}（{level}）{demo}</translation>
    </message>
    <message>
        <source>FPA Desk - {name}{demo}</source>
        <translation>计生协基层工作台 - {name}{demo}</translation>
    </message>
    <message>
        <source>Signed in: {user} ({role})</source>
        <translation>已登录：{user}（{role}）</translation>
    </message>
    <message>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <source>Setting up this office…</source>
        <translation>正在设立本单位…</translation>
    </message>
    <message>
        <source>Building the demo office…</source>
        <translation>正在生成演示数据…</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>Save the recovery key sheet now, print it and lock it away, then delete the file. If this computer loses the database key (a new Windows, another PC), only this sheet opens the database.</source>
        <translation>请现在保存恢复密钥页，打印出来锁好，然后删除这个文件。如果这台电脑丢失了数据库密钥（重装 Windows、换电脑），只有这张恢复密钥页能打开数据库。</translation>
    </message>
    <message>
        <source>Save the recovery key sheet</source>
        <translation>保存恢复密钥页</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
    <message>
        <source>The backup was restored.</source>
        <translation>备份已恢复。</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>About FPA Desk</source>
        <translation>关于计生协基层工作台</translation>
    </message>
    <message>
        <source>FPA Desk {version}
An offline workbench for grassroots family planning associations.</source>
        <translation>计生协基层工作台 {version}
供基层计划生育协会离线使用的工作台。</translation>
    </message>
</context>
<context>
    <name>MemberFormDialog</name>
    <message>
        <source>Edit member</source>
        <translation>修改会员信息</translation>
    </message>
    <message>
        <source>New member</source>
        <translation>新增会员</translation>
    </message>
    <message>
        <source>18 characters; birth date and sex are read from it</source>
        <translation>18 位；出生日期和性别会自动读出</translation>
    </message>
    <message>
        <source>e.g. 1980-05-29 or 1980.5.29</source>
        <translation>如 1980-05-29 或 1980.5.29</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>身份证号：</translation>
    </message>
    <message>
        <source>Sex:</source>
        <translation>性别：</translation>
    </message>
    <message>
        <source>Date of birth:</source>
        <translation>出生日期：</translation>
    </message>
    <message>
        <source>Ethnicity:</source>
        <translation>民族：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>联系电话：</translation>
    </message>
    <message>
        <source>Show full &amp;numbers…</source>
        <translation>显示完整号码(&amp;N)…</translation>
    </message>
    <message>
        <source>ID number and phone are masked; showing them asks for a reason</source>
        <translation>身份证号和电话已部分隐藏；显示完整号码需要说明原因</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>住址：</translation>
    </message>
    <message>
        <source>Migrant:</source>
        <translation>流动情况：</translation>
    </message>
    <message>
        <source>Place:</source>
        <translation>流动地点：</translation>
    </message>
    <message>
        <source>Since:</source>
        <translation>流动时间：</translation>
    </message>
    <message>
        <source>Village:</source>
        <translation>所属村（居）：</translation>
    </message>
    <message>
        <source>Member no.:</source>
        <translation>会员证号：</translation>
    </message>
    <message>
        <source>Joined on:</source>
        <translation>入会时间：</translation>
    </message>
    <message>
        <source>Member group:</source>
        <translation>所属小组：</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>职务：</translation>
    </message>
    <message>
        <source>Political status:</source>
        <translation>政治面貌：</translation>
    </message>
    <message>
        <source>Education:</source>
        <translation>文化程度：</translation>
    </message>
    <message>
        <source>Occupation:</source>
        <translation>职业：</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>个人信息</translation>
    </message>
    <message>
        <source>Membership</source>
        <translation>会籍信息</translation>
    </message>
    <message>
        <source>Status history</source>
        <translation>状态变动记录</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Change status…</source>
        <translation>状态变动…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <source>Opening the member…</source>
        <translation>正在打开会员信息…</translation>
    </message>
    <message>
        <source>(a removed group)</source>
        <translation>（已撤销的小组）</translation>
    </message>
    <message>
        <source>Show full numbers</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>ID numbers and phones are personal information. Reason for showing them:</source>
        <translation>身份证号和电话属于个人信息。请说明显示完整号码的原因：</translation>
    </message>
    <message>
        <source>Current status: {status}</source>
        <translation>当前状态：{status}</translation>
    </message>
    <message>
        <source>Open the existing member</source>
        <translation>打开已有会员</translation>
    </message>
    <message>
        <source>Moved to:</source>
        <translation>流往何处：</translation>
    </message>
    <message>
        <source>Moved from:</source>
        <translation>从何处流入：</translation>
    </message>
    <message>
        <source>Save anyway?</source>
        <translation>仍要保存吗？</translation>
    </message>
    <message>
        <source>Please check:</source>
        <translation>请核对：</translation>
    </message>
    <message>
        <source>Save the member anyway?</source>
        <translation>仍然保存这位会员吗？</translation>
    </message>
    <message>
        <source>Saving the member…</source>
        <translation>正在保存会员信息…</translation>
    </message>
</context>
<context>
    <name>MemberTable</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>所属村（居）</translation>
    </message>
    <message>
        <source>Member group</source>
        <translation>所属小组</translation>
    </message>
    <message>
        <source>Member no.</source>
        <translation>会员证号</translation>
    </message>
    <message>
        <source>Joined on</source>
        <translation>入会时间</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>会员状态</translation>
    </message>
    <message>
        <source>Migrant</source>
        <translation>流动情况</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
</context>
<context>
    <name>MembersPage</name>
    <message>
        <source>Search: name, pinyin or initials, ID number or its last 4-6, phone, member no.  (Ctrl+F)</source>
        <translation>搜索：姓名、拼音或首字母、身份证号或其后 4-6 位、电话、会员证号（Ctrl+F）</translation>
    </message>
    <message>
        <source>Current members</source>
        <translation>在册会员</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在册</translation>
    </message>
    <message>
        <source>Transferred in</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>Transferred out</source>
        <translation>转出</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>退会</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>除名</translation>
    </message>
    <message>
        <source>Deceased</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>All roles</source>
        <translation>全部职务</translation>
    </message>
    <message>
        <source>Director</source>
        <translation>理事</translation>
    </message>
    <message>
        <source>President</source>
        <translation>会长</translation>
    </message>
    <message>
        <source>Vice president</source>
        <translation>副会长</translation>
    </message>
    <message>
        <source>Secretary general</source>
        <translation>秘书长</translation>
    </message>
    <message>
        <source>Group leader</source>
        <translation>会员小组长</translation>
    </message>
    <message>
        <source>Hub household head</source>
        <translation>中心户长</translation>
    </message>
    <message>
        <source>Core member</source>
        <translation>骨干会员</translation>
    </message>
    <message>
        <source>Migrant: any</source>
        <translation>流动情况：不限</translation>
    </message>
    <message>
        <source>Moved out</source>
        <translation>流出</translation>
    </message>
    <message>
        <source>Moved in</source>
        <translation>流入</translation>
    </message>
    <message>
        <source>Joined: any year</source>
        <translation>入会年份：不限</translation>
    </message>
    <message>
        <source>&amp;New member</source>
        <translation>新增会员(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>修改(&amp;E)</translation>
    </message>
    <message>
        <source>Change &amp;status…</source>
        <translation>状态变动(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Move to group…</source>
        <translation>移入小组(&amp;M)…</translation>
    </message>
    <message>
        <source>Member &amp;groups…</source>
        <translation>会员小组(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the members shown to Excel</source>
        <translation>把当前列出的会员导出到 Excel</translation>
    </message>
    <message>
        <source>&amp;Print roster…</source>
        <translation>打印花名册(&amp;P)…</translation>
    </message>
    <message>
        <source>Blank import &amp;template…</source>
        <translation>空白导入模板(&amp;T)…</translation>
    </message>
    <message>
        <source>Show full ID numbers</source>
        <translation>显示完整身份证号</translation>
    </message>
    <message>
        <source>&amp;Delete a member entered by mistake…</source>
        <translation>删除误录的会员(&amp;D)…</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Open or set up an office to see its members.</source>
        <translation>请先打开或设立本单位，才能查看会员。</translation>
    </message>
    <message>
        <source>All villages</source>
        <translation>全部村（居）</translation>
    </message>
    <message>
        <source>All groups</source>
        <translation>全部小组</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>共 %n 名会员</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete a member entered by mistake</source>
        <translation>删除误录的会员</translation>
    </message>
    <message>
        <source>Delete {name}? Only for a member entered by mistake (a duplicate, a wrong person); a member who leaves gets a status change instead. Reason:</source>
        <translation>删除 {name}？仅用于误录的会员（重复录入、录错人）；会员离开请使用状态变动。删除原因：</translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>正在删除…</translation>
    </message>
    <message>
        <source>Moving members…</source>
        <translation>正在移动会员…</translation>
    </message>
    <message>
        <source>Save the member roll</source>
        <translation>保存会员名册</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting members…</source>
        <translation>正在导出会员…</translation>
    </message>
    <message>
        <source>Save the roster</source>
        <translation>保存花名册</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Writing the roster…</source>
        <translation>正在生成花名册…</translation>
    </message>
    <message>
        <source>Save the import template</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>ID numbers are personal information. Reason for showing them:</source>
        <translation>身份证号属于个人信息。请说明显示完整号码的原因：</translation>
    </message>
</context>
<context>
    <name>MonthVisitsDialog</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>家庭</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村（居）</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
</context>
<context>
    <name>MoveToGroupDialog</name>
    <message>
        <source>Move to group</source>
        <translation>移入小组</translation>
    </message>
    <message>
        <source>Move the selected members into:</source>
        <translation>把选中的会员移入：</translation>
    </message>
    <message>
        <source>(no group)</source>
        <translation>（不属于任何小组）</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <source>New account</source>
        <translation>新建账户</translation>
    </message>
    <message>
        <source>(not linked)</source>
        <translation>（不关联）</translation>
    </message>
    <message>
        <source>letters and digits, e.g. wangli</source>
        <translation>字母和数字，例如 wangli</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Volunteer:</source>
        <translation>志愿者(&amp;V)：</translation>
    </message>
    <message>
        <source>First &amp;password:</source>
        <translation>初始密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Password &amp;again:</source>
        <translation>再次输入密码(&amp;A)：</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Member roll</source>
        <translation>会员名册</translation>
    </message>
    <message>
        <source>Register, find, import and export the association&apos;s members.</source>
        <translation>登记、查找、导入和导出本会会员。</translation>
    </message>
    <message>
        <source>Liaison households</source>
        <translation>会员联系户</translation>
    </message>
    <message>
        <source>The households each member keeps in touch with, and the contact log.</source>
        <translation>每位会员联系的家庭户及联系记录。</translation>
    </message>
    <message>
        <source>Special families</source>
        <translation>计生特殊家庭</translation>
    </message>
    <message>
        <source>Bereaved and disabled-child families, their visits and the yearly five-ones.</source>
        <translation>失独、伤残等计生特殊家庭，走访帮扶记录和每年的“五个一”。</translation>
    </message>
    <message>
        <source>Volunteers</source>
        <translation>志愿者队伍</translation>
    </message>
    <message>
        <source>Volunteer teams, their members and their service hours.</source>
        <translation>志愿者队伍、队员及服务时长。</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>数据同步</translation>
    </message>
    <message>
        <source>Export this office&apos;s signed, encrypted package; import packages from the offices below.</source>
        <translation>导出本单位签名加密的同步包；导入下级单位的同步包。</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>统计报表</translation>
    </message>
    <message>
        <source>Statistics and printable registers.</source>
        <translation>统计数据和可打印的台账。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>无变化</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>RecordPicker</name>
    <message>
        <source>Nothing found for “{text}”</source>
        <translation>没有找到“{text}”</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>Type the recovery key from the sheet printed when this office was set up (14 groups of 4 letters and digits). It opens the database when its key in this computer&apos;s keyring or key file is lost.</source>
        <translation>请输入设立本单位时打印的恢复密钥页上的恢复密钥（共 14 组，每组 4 个字母或数字）。这台电脑的系统钥匙串或密钥文件中的数据库密钥丢失时，可以用它打开数据库。</translation>
    </message>
</context>
<context>
    <name>RegistryTab</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>State found</source>
        <translation>家庭状况</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进事项</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>Search: a name, pinyin or initials, last digits of a phone or ID number  (Ctrl+F)</source>
        <translation>搜索：姓名、拼音或首字母，电话或身份证号后几位（Ctrl+F）</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>In care</source>
        <translation>帮扶中</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>&amp;New family</source>
        <translation>新增家庭(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Record a visit</source>
        <translation>登记走访(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Correct the visit</source>
        <translation>更正走访(&amp;C)</translation>
    </message>
    <message>
        <source>Care &amp;file (PDF)…</source>
        <translation>帮扶档案 PDF(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Export families…</source>
        <translation>导出家庭(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;visits…</source>
        <translation>导出走访(&amp;V)…</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Reading the special families…</source>
        <translation>正在读取特殊家庭…</translation>
    </message>
    <message>
        <source>All villages</source>
        <translation>全部村（居）</translation>
    </message>
    <message numerus="yes">
        <source>%n family(ies)</source>
        <translation>
            <numerusform>共 %n 户</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a family to see its visits.</source>
        <translation>选择一个家庭以查看其走访记录。</translation>
    </message>
    <message numerus="yes">
        <source>Visits (%n)</source>
        <translation>
            <numerusform>走访记录（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Care file</source>
        <translation>帮扶档案</translation>
    </message>
    <message>
        <source>ID numbers and health details are printed masked. To print them in full, give the reason (leave empty to print masked):</source>
        <translation>身份证号和健康信息默认隐藏打印。如需完整打印，请填写原因（留空则隐藏打印）：</translation>
    </message>
    <message>
        <source>Save the care file</source>
        <translation>保存帮扶档案</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Writing the care file…</source>
        <translation>正在生成帮扶档案…</translation>
    </message>
    <message>
        <source>Save the special families</source>
        <translation>保存计生特殊家庭名单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting families…</source>
        <translation>正在导出家庭…</translation>
    </message>
    <message>
        <source>Save the visits</source>
        <translation>保存走访记录</translation>
    </message>
    <message>
        <source>Exporting visits…</source>
        <translation>正在导出走访记录…</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Interface &amp;language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Lock after no use for:</source>
        <translation>闲置多久后锁定屏幕(&amp;L)：</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>Log folder:</source>
        <translation>日志文件夹：</translation>
    </message>
</context>
<context>
    <name>StatusChangeDialog</name>
    <message>
        <source>Change status</source>
        <translation>状态变动</translation>
    </message>
    <message>
        <source>&amp;Change:</source>
        <translation>变动(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Moved &amp;to:</source>
        <translation>转往何处(&amp;T)：</translation>
    </message>
    <message>
        <source>Moved &amp;from:</source>
        <translation>从何处转入(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Place:</source>
        <translation>地点(&amp;P)：</translation>
    </message>
    <message>
        <source>Saving the change of status…</source>
        <translation>正在保存状态变动…</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>User accounts</source>
        <translation>用户账户</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;New account…</source>
        <translation>新建账户(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Disable / enable</source>
        <translation>停用/启用(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Reset password…</source>
        <translation>重置密码(&amp;R)…</translation>
    </message>
    <message>
        <source>Change r&amp;ole…</source>
        <translation>更改角色(&amp;O)…</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>New password for {user}:</source>
        <translation>{user} 的新密码：</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <source>Role of {user}:</source>
        <translation>{user} 的角色：</translation>
    </message>
    <message>
        <source>Reading the accounts…</source>
        <translation>正在读取账户…</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked after wrong passwords</source>
        <translation>密码输错次数过多，已锁定</translation>
    </message>
    <message>
        <source>needs a password reset to sign in</source>
        <translation>需要重置密码后才能登录</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>VisitFormDialog</name>
    <message>
        <source>Correct a visit</source>
        <translation>更正走访记录</translation>
    </message>
    <message>
        <source>Record a visit</source>
        <translation>登记走访</translation>
    </message>
    <message>
        <source>Type a name, pinyin or initials</source>
        <translation>输入姓名、拼音或首字母</translation>
    </message>
    <message>
        <source>Names separated by 、 or commas: volunteers, members, cadres</source>
        <translation>姓名，用顿号或逗号分隔：志愿者、会员、干部</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>做了什么</translation>
    </message>
    <message>
        <source>Health, mood, living conditions found</source>
        <translation>发现的健康、情绪、生活状况</translation>
    </message>
    <message>
        <source>Needs the family raised</source>
        <translation>家庭提出的需求</translation>
    </message>
    <message>
        <source>What must be done next (leave empty if nothing)</source>
        <translation>下一步要做的事（没有则留空）</translation>
    </message>
    <message>
        <source>Who does it</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>&amp;Family</source>
        <translation>家庭(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Who went</source>
        <translation>走访人员(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Content</source>
        <translation>内容(&amp;C)</translation>
    </message>
    <message>
        <source>Five cares</source>
        <translation>五关怀一倡导</translation>
    </message>
    <message>
        <source>&amp;State found</source>
        <translation>家庭状况(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Needs found</source>
        <translation>家庭需求(&amp;N)</translation>
    </message>
    <message>
        <source>F&amp;ollow-up</source>
        <translation>后续跟进(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Hours</source>
        <translation>时长(&amp;H)</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Save and record another (Ctrl+Shift+Enter)</source>
        <translation>保存并继续登记（Ctrl+Shift+Enter）</translation>
    </message>
    <message>
        <source>Choose the family from the list (type part of a name).</source>
        <translation>请从列表中选择家庭（输入姓名的一部分）。</translation>
    </message>
    <message>
        <source>Saving the visit…</source>
        <translation>正在保存走访…</translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) saved.</source>
        <translation>
            <numerusform>已保存 %n 条走访。</numerusform>
        </translation>
    </message>
    <message>
        <source>Discard this visit?</source>
        <translation>放弃这条走访吗？</translation>
    </message>
    <message>
        <source>What you typed has not been saved. Close anyway?</source>
        <translation>输入的内容尚未保存。仍要关闭吗？</translation>
    </message>
</context>
<context>
    <name>_CloseDialog</name>
    <message>
        <source>Close the case</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>e.g. moved away, both parents died, no longer eligible</source>
        <translation>例如：迁出、夫妻双方均已去世、不再符合条件</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>_ProgressWatcher</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
</TS>
