<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <name>Errors</name>
    <message>
        <source>FPA Desk</source>
        <translation>计生协基层工作台</translation>
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
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
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
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Interface &amp;language:</source>
        <translation>界面语言(&amp;L)：</translation>
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
