"""Six demo scenarios in the import format (docs/scenario-schema.md), written for this platform
from the domain notes: the LEARN complaint about a failing lift, the over-pruned hedges, a year
of unpaid fees, a fire in a flat (timed), an open window on the 2 a.m. patrol, and a check on an
elderly resident living alone."""

NAMES = {
    "listen": "倾听",
    "empathize": "共情",
    "act": "行动",
    "respond": "回应",
    "notify": "通知",
    "polite_language": "规范用语",
    "safety": "安全合规",
    "first_ask": "首问负责",
    "legal": "依法沟通",
}


def comps(*items) -> list[dict]:
    out = []
    for item in items:
        code, threshold = item if isinstance(item, tuple) else (item, None)
        out.append({"code": code, "name": NAMES[code], "pass_score": threshold})
    return out


def c(key, text, target, feedback="", condition="", flags=(), **scores) -> dict:
    return {
        "key": key,
        "text": text,
        "target": target,
        "feedback": feedback,
        "condition": condition,
        "scores": scores,
        "set_flags": list(flags),
    }


def n(key, text, choices, speaker="", kind="dialogue", time_limit=None, timeout_target="", routes=()) -> dict:
    return {
        "key": key,
        "kind": kind,
        "speaker": speaker,
        "text": text,
        "time_limit": time_limit,
        "timeout_target": timeout_target,
        "routes": [{"condition": cond, "target": target} for cond, target in routes],
        "choices": choices,
    }


def end(key, outcome, text, debrief) -> dict:
    return {"key": key, "kind": "end", "text": text, "outcome": outcome, "debrief": debrief}


def doc(slug, title, intro, competencies, nodes, pass_total=None, allow_back=False, minutes=10) -> dict:
    return {
        "format": "psa-scenario",
        "version": 1,
        "title": title,
        "slug": slug,
        "intro": intro,
        "estimated_minutes": minutes,
        "is_required": True,
        "allow_back": allow_back,
        "pass_total": pass_total,
        "competencies": competencies,
        "nodes": nodes,
    }


LIFT = doc(
    "lift-fault-complaint",
    "情景演练：电梯反复故障的投诉",
    "业主李先生家所在楼栋的电梯这个月多次停运，他情绪激动地来到客服中心。请用 LEARN 模型"
    "（倾听、共情、行动、回应、通知）把这件事处理到底。",
    comps(("listen", 2), ("act", 1), "empathize", "respond", "notify", "first_ask"),
    [
        n(
            "start",
            "3号楼的电梯这个月已经第三次停了！我母亲腿脚不好，今天硬是爬了九层楼。你们物业到底管不管？",
            [
                c(
                    "listen",
                    "李先生，您先坐。能说说电梯停在哪一层、大概几点吗？我一边听一边记下来。",
                    "details",
                    "先让业主把话说完并记录细节，这是 LEARN 的第一步：倾听。",
                    flags=["noted"],
                    listen=2,
                    first_ask=1,
                ),
                c(
                    "shift",
                    "电梯归维保公司管，您直接给他们打电话吧。",
                    "pushed_off",
                    "把业主推给别人，违背首问负责制：谁先接待，谁就负责跟进到底。",
                    first_ask=-2,
                    empathize=-1,
                ),
                c(
                    "compare",
                    "才三次而已，别的小区停得更多呢。",
                    "angrier",
                    "拿别处比较、急于辩解，只会让业主觉得自己不被重视。",
                    empathize=-2,
                    listen=-1,
                ),
            ],
            speaker="业主 李先生",
        ),
        n(
            "details",
            "上午十点左右，电梯卡在5楼和6楼之间，门一直开了又关。上周也出过一回。老人家在里面吓得不轻。",
            [
                c(
                    "empathy",
                    "让老人家受惊了，真的很抱歉。要是我家里人遇到，我也会一样着急。",
                    "plan",
                    "认可对方的感受（共情），情绪平稳下来，后面的沟通才顺畅。",
                    empathize=2,
                ),
                c("plain", "好的，我知道了。", "plan", "记录完整很好，但别忘了回应业主的情绪。", listen=0),
            ],
            speaker="业主 李先生",
        ),
        n(
            "pushed_off",
            "又让我自己打电话？每次都推来推去！我现在就打12345投诉你们！",
            [
                c(
                    "own_it",
                    "对不起，是我说得不对。这件事由我负责跟进，请您把情况告诉我。",
                    "details",
                    "及时纠正，把问题接到自己手里。",
                    first_ask=1,
                    listen=1,
                ),
                c("shrug", "那是您的权利，您去投诉吧。", "escalated", "放任矛盾升级。", empathize=-2),
            ],
            speaker="业主 李先生",
        ),
        n(
            "angrier",
            "你这是什么态度？叫你们经理来！",
            [
                c(
                    "apologise",
                    "您说得对，我不该那样比较。请您详细说说情况，我马上安排处理。",
                    "details",
                    "道歉并把注意力拉回到问题本身。",
                    listen=1,
                ),
                c("send_away", "经理不在，您明天再来吧。", "escalated", "拒绝处理，等于把业主推向投诉。", first_ask=-2),
            ],
            speaker="业主 李先生",
        ),
        n(
            "plan",
            "你已记下故障时间、位置和现象。电梯停运关系到人身安全，而且影响整栋楼的住户。下一步怎么办？",
            [
                c(
                    "urgent",
                    "按特急报修：立即通知工程部到场，并告诉李先生预计到场时间。",
                    "engineer",
                    "涉及安全、影响多人的问题优先级最高。",
                    act=2,
                    respond=1,
                ),
                c(
                    "queue",
                    "填一张普通报修单，按先后顺序排队处理。",
                    "queued",
                    "电梯故障关系安全，不能按普通报修排队。",
                    act=-2,
                ),
            ],
            kind="situation",
        ),
        n(
            "queued",
            "两天过去了还没人来，电梯今天又停了！",
            [
                c("upgrade", "马上升级为紧急报修，并向李先生道歉。", "engineer", "亡羊补牢，但时间已经耽误了。", act=1),
                c("wait", "师傅排满了，请您再等等。", "escalated", "安全隐患一拖再拖。", act=-1),
            ],
            speaker="业主 李先生",
        ),
        n(
            "engineer",
            "我到现场查过了，是层门的门锁感应器坏了，需要电梯维保公司来换件，今天下午就能换好。",
            [
                c(
                    "update",
                    "请维保公司下午更换；我在各单元贴出停运通知，再给李先生回电话说明进度。",
                    "callback",
                    "处理过程中主动告知进度（回应）。",
                    respond=2,
                    notify=1,
                ),
                c("quiet", "修好就行，不用专门跟业主说。", "silent_fix", "业主不知道进度，只会更焦虑。", respond=-2),
            ],
            speaker="工程部 师傅",
        ),
        n(
            "callback",
            "哦，原来是感应器坏了。那以后还会不会再出问题？",
            [
                c(
                    "follow_up",
                    "我们已要求维保公司按规定每15天保养、每天巡检。一周后我再回访您，看看电梯运行得怎么样。",
                    "resolved",
                    "告知最终结果并约定回访（通知），形成闭环。",
                    notify=2,
                    respond=1,
                ),
                c("unsure", "这个说不准，坏了您再打电话吧。", "half_done", "没有给出保障和回访安排。", notify=-1),
            ],
            speaker="业主 李先生",
        ),
        n(
            "silent_fix",
            "电梯修好了也没人告诉我，我还以为没修，又爬了一次楼。",
            [
                c(
                    "sorry_late",
                    "抱歉没及时通知您，以后我们一定先回电话。",
                    "half_done",
                    "道歉是必要的，但通知应当主动在先。",
                )
            ],
            speaker="业主 李先生",
        ),
        end(
            "resolved",
            "success",
            "李先生说：“这次你们处理得又快又清楚。”一周后回访，电梯运行正常。",
            "完整走完 LEARN：倾听、共情、行动、回应、通知，并约定回访，事情形成闭环。",
        ),
        end(
            "half_done",
            "partial",
            "电梯修好了，但李先生对沟通并不满意。",
            "问题解决了，但缺少进度回应或结果通知，满意度会打折扣。",
        ),
        end(
            "escalated",
            "fail",
            "李先生向主管部门投诉，还在业主群里发了帖子。",
            "推诿和争辩让小问题变成大投诉。记住首问负责：先倾听，再处理。",
        ),
    ],
    pass_total=8,
    allow_back=False,
    minutes=8,
)

HEDGES = doc(
    "over-pruned-hedges",
    "情景演练：绿篱修剪过度",
    "王阿姨认为楼下的绿篱被剪得太狠。倾听她的不满，弄清原因，给出让她放心的办法。",
    comps(("listen", 1), ("empathize", 1), "respond", "polite_language"),
    [
        n(
            "start",
            "你们把我楼下的绿篱剪得光秃秃的，夏天一点遮挡都没了，谁让你们剪这么狠的？",
            [
                c(
                    "ask",
                    "王阿姨您好，您别着急，是哪一段绿篱？我先记下来。",
                    "listened",
                    "先问清、先记录。",
                    listen=2,
                    polite_language=1,
                ),
                c(
                    "defend",
                    "绿化是按计划修剪的，没有问题。",
                    "defensive",
                    "一句“没有问题”就把业主的感受挡了回去。",
                    listen=-1,
                    empathize=-1,
                ),
            ],
            speaker="业主 王阿姨",
        ),
        n(
            "listened",
            "就是6号楼东边那一排，原来一人多高，现在只剩半截。我天天在窗口看着，心里不舒服。",
            [
                c(
                    "feel",
                    "和原来比确实差别很大，换成我也会心疼。我马上帮您问清楚原因。",
                    "reason",
                    "承认对方的感受，再去解决问题。",
                    empathize=2,
                ),
                c("pass", "好的，我转告绿化组。", "reason", "转达没错，但少了对情绪的回应。"),
            ],
            speaker="业主 王阿姨",
        ),
        n(
            "defensive",
            "按计划就能乱剪？我要找你们领导！",
            [
                c(
                    "soften",
                    "对不起，我刚才说话太生硬了。您说说是哪一段，我来跟进。",
                    "listened",
                    "及时调整语气，把话题拉回到问题上。",
                    polite_language=1,
                ),
                c("busy", "领导很忙，没空。", "complaint", "服务用语不当，让矛盾升级。", polite_language=-2),
            ],
            speaker="业主 王阿姨",
        ),
        n(
            "reason",
            "那排绿篱上个月长了虫，病枝不剪掉会传到整片绿地，所以这次剪得比较重。",
            [
                c(
                    "plan",
                    "向王阿姨解释虫害的原因，并商量调整养护：补种、控制以后修剪的高度，一周后上门回访。",
                    "happy",
                    "解释专业原因，同时给出改进方案和回访时间。",
                    respond=2,
                    polite_language=1,
                ),
                c(
                    "just_reason",
                    "告诉王阿姨“有虫没办法”，就此结束。",
                    "meh",
                    "只讲理由、不给办法，业主会觉得在找借口。",
                    respond=-1,
                ),
            ],
            speaker="绿化组 组长",
        ),
        end(
            "happy",
            "success",
            "王阿姨表示理解。一周后回访，新枝已经冒出来了，她还提醒你们注意别处的虫害。",
            "倾听 → 记录 → 认可感受 → 解释原因 → 调整方案 → 回访确认满意。",
        ),
        end(
            "meh", "partial", "王阿姨知道了原因，但觉得物业只是在找理由。", "解释原因之外，还要给出改进办法并按时回访。"
        ),
        end(
            "complaint",
            "fail",
            "王阿姨打电话投诉了客服人员的态度。",
            "无论对方语气如何，都要保持规范、礼貌的服务用语。",
        ),
    ],
    pass_total=4,
    allow_back=True,
    minutes=6,
)

FEES = doc(
    "unpaid-fees",
    "情景演练：一年未交物业费的业主",
    "8栋张先生已经一年没交物业费，多次催缴都没有结果。你约他到客服中心面谈。"
    "目标：听清诉求、讲清法律、找到双方都能接受的办法。",
    comps(("listen", 1), ("legal", 2), "empathize", "polite_language"),
    [
        n(
            "start",
            "张先生一坐下就说：“你们服务那么差，凭什么收钱？”",
            [
                c(
                    "ask",
                    "张先生，您说服务差，能具体说说是哪些地方吗？我都记下来。",
                    "grievances",
                    "先弄清楚对方到底不满什么。",
                    listen=2,
                ),
                c(
                    "threaten",
                    "不交物业费是违法的，再不交我们就去法院起诉。",
                    "threatened",
                    "一上来就讲起诉，只会把人推远；诉讼是最后的办法。",
                    polite_language=-2,
                    legal=-1,
                ),
                c(
                    "discount",
                    "要不我们给您打个折？",
                    "discount",
                    "随意减免没有依据，对按时交费的业主也不公平。",
                    legal=-2,
                ),
            ],
            kind="situation",
            speaker="业主 张先生",
        ),
        n(
            "grievances",
            "楼道灯坏了半个月没人修，车库里我的车还被人划了，你们保安干什么去了？",
            [
                c(
                    "own",
                    "灯修得慢是我们的问题，我向您道歉，马上核对报修记录；划车的事，我们一起调巡逻记录和监控看看。",
                    "records",
                    "承认自己的不足，并用记录说话。",
                    empathize=1,
                    legal=1,
                ),
                c("deny", "车被划不归我们管。", "threatened", "先否认责任，对方只会更抵触。", empathize=-1),
            ],
            speaker="业主 张先生",
        ),
        n(
            "records",
            "你整理了这一年的巡逻记录、报修记录和通知送达记录。报修单显示楼道灯确实拖了12天才修好。",
            [
                c(
                    "explain",
                    "向张先生说明：按民法典，业主应按合同交纳物业费，不能因为个别服务问题拒交；同时承认楼道灯的延误，说明整改措施。",
                    "explained",
                    "讲清权利义务，也不回避自身问题。",
                    legal=2,
                    polite_language=1,
                ),
                c("prove", "只拿记录证明“我们没错”。", "defensive", "记录是证据，不是用来争输赢的。", empathize=-1),
            ],
            kind="situation",
        ),
        n(
            "defensive",
            "你们就会找理由！",
            [c("reset", "先认可他的不满，再一起看记录。", "grievances", "回到倾听。", listen=1)],
            speaker="业主 张先生",
        ),
        n(
            "discount",
            "谁同意给他打折的？其他业主知道了怎么办？",
            [c("withdraw", "收回承诺，向张先生说明并重新沟通。", "grievances", "减免必须有依据、按程序。")],
            speaker="财务主管",
        ),
        n(
            "threatened",
            "起诉就起诉，我倒要看看谁有理！",
            [
                c(
                    "calm",
                    "您别误会，我们更希望好好商量。能先听听您的意见吗？",
                    "grievances",
                    "把对话拉回协商。",
                    polite_language=1,
                ),
                c("court", "那我们法庭见。", "court", "跳过协商和调解，直接走到诉讼。", legal=-2),
            ],
            speaker="业主 张先生",
        ),
        n(
            "explained",
            "道理我懂，可一下子补一年的钱，我手头确实紧。",
            [
                c(
                    "instalments",
                    "我们可以为您申请分期补交，另外请业委会一起参加沟通，也听听您其他的意见。",
                    "agreed",
                    "提供分期，并借助业委会调解。",
                    empathize=1,
                    legal=1,
                ),
                c("all_now", "今天必须一次交清。", "part_paid", "不给任何余地，对方只会应付。", empathize=-1),
            ],
            speaker="业主 张先生",
        ),
        end(
            "agreed",
            "success",
            "张先生同意分三期补交物业费，业委会也记下了他对楼道照明的意见。",
            "收集服务记录、讲清法律、倾听诉求、提供分期、请业委会参与调解——纠纷从协商开始解决。",
        ),
        end(
            "part_paid", "partial", "张先生勉强交了三个月，说剩下的“以后再说”。", "讲清道理之后，还要给对方可行的办法。"
        ),
        end(
            "court",
            "fail",
            "张先生拒绝再沟通，双方只能对簿公堂，关系彻底破裂。",
            "解决途径的顺序：协商 → 业委会或社区调解 → 行政投诉 → 仲裁或诉讼。",
        ),
    ],
    pass_total=5,
    allow_back=False,
    minutes=8,
)

FIRE = doc(
    "fire-in-a-flat",
    "限时演练：住户家中起火",
    "这是一次限时演练：关键步骤要在倒计时内作出选择，超时系统会按“没有行动”继续。"
    "记住：先报告位置、先叫专业力量、不超出自己的能力范围。",
    comps(("safety", 2), ("act", 1), "notify"),
    [
        n(
            "start",
            "烟感报警：12栋1单元楼道有烟，住户在对讲里喊“着火了”。你是离得最近的秩序员。",
            [
                c(
                    "locate",
                    "先问清并记下准确位置：几楼几室。",
                    "located",
                    "准确位置是一切救援的前提。",
                    act=1,
                    notify=1,
                ),
                c("rush", "什么也不问，直接冲上楼。", "rushed", "不明情况就冲进去，自己也会陷入危险。", safety=-1),
            ],
            speaker="监控中心",
            time_limit=20,
            timeout_target="late",
        ),
        n(
            "located",
            "是1502！厨房着火了，烟很大！",
            [
                c(
                    "call",
                    "立即拨打119，报告地址和火情；同时让主管派人带灭火器到场。",
                    "called",
                    "先叫专业力量。",
                    flags=["called_119"],
                    notify=2,
                    act=1,
                ),
                c("fight", "先自己拿灭火器去灭，灭不了再报警。", "rushed", "延误报警是最常见的致命错误。", safety=-2),
            ],
            speaker="住户",
            time_limit=20,
            timeout_target="late",
        ),
        n(
            "rushed",
            "你一个人跑到15楼，楼道里已经全是烟，看不清也喘不过气。",
            [
                c(
                    "retreat",
                    "立刻退到安全区域，用对讲报告位置并拨打119。",
                    "called",
                    "及时撤退并报警，纠正了错误。",
                    flags=["called_119"],
                    safety=1,
                ),
                c("press_on", "继续往前冲。", "injured", "超出能力范围，自己成了需要救的人。", safety=-3),
            ],
            kind="situation",
            time_limit=15,
            timeout_target="injured",
        ),
        n(
            "late",
            "你迟迟没有行动，火势在蔓延。监控中心已代为报警，宝贵的时间被耽误了。",
            [c("go", "立即赶到现场组织疏散。", "evacuating", "晚了，但还来得及做疏散。", flags=["called_119"])],
            kind="situation",
        ),
        n(
            "called",
            "消防车大约8分钟后到。楼里还有住户没出来。",
            [
                c(
                    "evacuate",
                    "组织邻居走消防楼梯疏散，禁止乘电梯，保持通道畅通。",
                    "evacuating",
                    "疏散走楼梯、不乘电梯、保持通道畅通。",
                    safety=2,
                ),
                c("stay", "让大家关好门在家等消防员。", "trapped", "起火楼层附近应当尽快疏散。", safety=-1),
            ],
            speaker="主管",
            time_limit=25,
            timeout_target="lift_trap",
        ),
        n(
            "evacuating",
            "住户陆续撤到楼下空地，消防车到了。",
            [
                c(
                    "brief",
                    "把楼层平面图和门禁钥匙交给消防员，说明起火位置和还没撤出的人。",
                    "after",
                    "为消防员提供图纸、钥匙和信息。",
                    act=2,
                    notify=1,
                ),
                c("watch", "站在一旁看消防员处理。", "partly", "消防员需要你提供现场信息。", act=-1),
            ],
            kind="situation",
        ),
        n(
            "lift_trap",
            "你还在犹豫，几位住户自己乘电梯下楼，被困在了电梯里。",
            [c("lift_help", "立即通知电梯维保，安抚被困住户。", "partly", "火灾时绝不能乘电梯。")],
            kind="situation",
        ),
        n(
            "trapped",
            "烟顺着楼道扩散，几户人家被困在家里，最后由消防员救出。",
            [c("assist", "配合消防员救援。", "partly", "")],
            kind="situation",
        ),
        n(
            "after",
            "火被扑灭，没有人受伤。接下来呢？",
            [
                c(
                    "aftercare",
                    "安置受影响的住户，配合调查起火原因，记录全过程，在复盘会上提出改进。",
                    "done",
                    "善后和复盘同样是应急处置的一部分。",
                    notify=1,
                    safety=1,
                ),
                c("leave", "火灭了就收工。", "partly", "没有善后和复盘，下次还会出同样的问题。"),
            ],
            kind="situation",
        ),
        end(
            "done",
            "success",
            "火灾得到控制，住户安全撤离，善后和复盘都已安排。",
            "记录准确位置 → 报警并派人带灭火器 → 疏散邻居、保持通道畅通 → 向消防员提供图纸和钥匙 → 善后与复盘。",
        ),
        end("partly", "partial", "火最终被扑灭，但处置中有明显的疏漏。", "对照标准流程，找出你慢了或漏了的那一步。"),
        end(
            "injured",
            "fail",
            "你被烟呛倒，由消防员救出送医。",
            "不要超出自己的能力范围：先报警、先撤离，专业的事交给专业的人。",
        ),
    ],
    pass_total=5,
    allow_back=False,
    minutes=5,
)

PATROL = doc(
    "night-patrol-open-window",
    "情景演练：凌晨巡逻发现窗户大开",
    "凌晨2点，你在夜间巡逻。遇到异常，正确的顺序是：报告、核实、联系业主、经同意后处置、事后修复并记录。",
    comps(("safety", 1), ("notify", 2), "act"),
    [
        n(
            "start",
            "凌晨2点，你巡逻到3栋，发现一楼101的窗户大开，屋里没有开灯。",
            [
                c(
                    "radio",
                    "用对讲机向主管报告位置和情况。",
                    "reported",
                    "发现异常先报告。",
                    flags=["reported"],
                    notify=2,
                ),
                c("climb", "翻窗进去看看有没有小偷。", "entered", "未经业主同意不能进入住户家中。", safety=-3),
                c("ignore", "可能是业主忘了关，继续巡逻。", "burgled", "异常情况不能凭猜测放过。", safety=-2),
            ],
            kind="situation",
        ),
        n(
            "reported",
            "我在监控室调看101周边的录像……暂时没看到有人进出。你在原地守着，我查一下业主的联系方式。",
            [
                c("watch", "守在窗外观察，不进入室内。", "contacted", "守住现场，等待核实。", safety=1),
                c("go_in", "等不及了，先进去检查。", "entered", "没有业主同意，不能进屋。", safety=-2),
            ],
            speaker="主管",
        ),
        n(
            "contacted",
            "联系上业主了，他在外地出差，说可能走的时候忘了关窗。他同意我们帮忙把窗户临时关好。",
            [
                c(
                    "close_with_consent",
                    "在业主同意、两人在场的情况下临时关窗加固，并拍照记录。",
                    "secured",
                    "有同意、有见证、有记录。",
                    act=2,
                    safety=1,
                ),
                c("leave_it", "那就等业主回来再说吧。", "half", "业主已经同意，窗户却一直开着，隐患还在。"),
            ],
            speaker="主管",
        ),
        n(
            "entered",
            "你独自翻进屋里，屋里没人。可第二天业主发现家里少了东西，怀疑是巡逻人员拿的。",
            [c("report_truth", "如实向主管报告，配合调查。", "bad", "一个人擅自进屋，说不清也道不明。")],
            kind="situation",
        ),
        n(
            "secured",
            "窗户已经临时关好。天亮以后呢？",
            [
                c(
                    "log_and_repair",
                    "通知工程部白天上门修理窗锁，并在巡逻记录里写明经过。",
                    "good",
                    "修复隐患，并留下可追溯的记录。",
                    notify=1,
                    act=1,
                ),
                c("no_log", "事情办完了，不用记录。", "half", "巡逻记录是日后说明情况的证据。", notify=-1),
            ],
            kind="situation",
        ),
        end(
            "good",
            "success",
            "业主回来后专门打电话感谢，窗锁也修好了。",
            "报告 → 调看监控 → 通过登记信息联系业主 → 经同意后临时处置 → 次日修复并记录。",
        ),
        end("half", "partial", "没出事，但处理留下了隐患或缺少记录。", "处置要有始有终：修复隐患并做好记录。"),
        end(
            "bad",
            "fail",
            "你被卷入了一场说不清的失窃纠纷。",
            "未经业主同意绝不进入住户家中，必要时两人在场并全程记录。",
        ),
        end(
            "burgled",
            "fail",
            "第二天一早，业主报警说家中被盗，监控显示凌晨三点有人从这扇窗户进入。",
            "巡逻中的异常必须报告和核实，不能想当然。",
        ),
    ],
    pass_total=4,
    allow_back=False,
    minutes=5,
)

ELDERLY = doc(
    "elderly-resident-check",
    "情景演练：探访独居老人",
    "邻居反映独居的赵奶奶两天没出门了。对老年住户要多一分关注：及时上门、联系家属、专业救助优先。",
    comps(("safety", 2), "listen", "empathize", "notify"),
    [
        n(
            "start",
            "邻居来客服中心说：5栋独居的赵奶奶两天没下楼取牛奶了，敲门也没人应。",
            [
                c(
                    "go_now",
                    "谢谢您告诉我们。我马上查登记的紧急联系人，并和同事一起上门。",
                    "door",
                    "发现异常立即跟进，两人同行。",
                    listen=1,
                    notify=1,
                    safety=1,
                ),
                c(
                    "later",
                    "老人家可能走亲戚去了，过两天再看看。",
                    "daughter_calls",
                    "对独居老人的异常不能拖。",
                    safety=-2,
                ),
            ],
            speaker="邻居",
        ),
        n(
            "daughter_calls",
            "两天后，赵奶奶的女儿打来电话：联系不上母亲，问物业有没有去看过。",
            [c("hurry", "立即和同事一起上门，并请她赶过来。", "door", "亡羊补牢，但时间已经过去两天。", notify=-1)],
            speaker="赵奶奶的女儿",
        ),
        n(
            "door",
            "你们按门铃、敲门，喊“赵奶奶”，屋里隐约传来很微弱的回应声。",
            [
                c(
                    "call_help",
                    "立即拨打120，联系紧急联系人和社区，请他们在场见证后开门。",
                    "inside",
                    "专业救助优先；开门要有见证。",
                    flags=["witnessed"],
                    safety=2,
                    notify=1,
                ),
                c(
                    "force",
                    "直接撬门进去。",
                    "inside",
                    "情况紧急可以理解，但没有见证人会留下纠纷。",
                    flags=["forced"],
                    safety=-1,
                ),
            ],
            kind="situation",
        ),
        n(
            "inside",
            "我……摔倒了，起不来……",
            [
                c(
                    "comfort",
                    "不随意搬动老人，轻声安慰：“赵奶奶，我们在这儿，医生马上就到。”等待急救人员。",
                    "saved",
                    "不搬动可能骨折的伤者，用温和的话稳定情绪。",
                    empathize=2,
                    safety=1,
                ),
                c("lift_up", "赶紧把她扶起来坐到沙发上。", "hurt", "随意搬动可能加重伤情。", safety=-2),
            ],
            speaker="赵奶奶",
            routes=[("flag:forced", "forced_in")],
        ),
        n(
            "forced_in",
            "门被撬开，赵奶奶倒在客厅地上。急救人员把她送去了医院，可门锁坏了，家属对擅自破门很不满。",
            [
                c(
                    "apologise",
                    "向家属说明当时的情况并道歉，安排修锁。",
                    "hurt",
                    "紧急情况下也要尽量请社区、家属或警方见证。",
                )
            ],
            kind="situation",
        ),
        end(
            "saved",
            "success",
            "急救人员赶到，赵奶奶髋部轻伤，送医后没有大碍。她的女儿专门来感谢。",
            "关爱独居老人：异常主动跟进、联系家属和社区、专业救助优先、不随意搬动伤者、用温和的话安抚。",
        ),
        end(
            "hurt",
            "partial",
            "赵奶奶得到了救治，但处置中的问题让家属不满或加重了伤情。",
            "专业救助优先，行动要有见证、有记录。",
        ),
    ],
    pass_total=3,
    allow_back=True,
    minutes=5,
)

SCENARIOS = [
    ("complaints", LIFT),
    ("complaints", HEDGES),
    ("law", FEES),
    ("emergency", FIRE),
    ("emergency", PATROL),
    ("emergency", ELDERLY),
]
