"""New CCHC plans composed from real task rows and sentences, in the seeds' structures, with exact truth.

Structures (the seeds'): an appendix table with letter and Roman groups (000, 002), an appendix with Roman
groups and items 1, 1.1 (003), body items with field lines (001), a)-d) criteria (003's body), tasks per unit
(004); some are issued by a decision. Task rows come from seed 000's gold and the realplans' tables and items:
dev documents draw from dev sources, held-out documents from held-out sources only.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.corpus.spec import (
    Block,
    DocSpec,
    Header,
    Signature,
    Split,
    TableSpec,
    Truth,
    TruthMeta,
    TruthSection,
    TruthTask,
)

Pool = list[tuple[str, TruthTask]]  # (group title, task)
PROVINCES = ["Quảng Nam", "Khánh Hòa", "Bình Định", "Đắk Lắk", "Nghệ An", "Hà Tĩnh", "Đồng Tháp", "Cần Thơ",
             "Thanh Hóa", "Sơn La", "Quảng Ngãi", "Đồng Nai", "Lâm Đồng", "Gia Lai", "An Giang", "Tây Ninh",
             "Thái Nguyên", "Phú Thọ", "Hưng Yên", "Ninh Bình", "Lào Cai", "Tuyên Quang", "Cà Mau", "Vĩnh Long"]
BODIES = [("Sở Nội vụ", "SNV", "Giám đốc"), ("Sở Tư pháp", "STP", "Giám đốc"), ("Sở Tài chính", "STC", "Giám đốc"),
          ("Sở Y tế", "SYT", "Giám đốc"), ("Sở Xây dựng", "SXD", "Giám đốc"),
          ("Ban Quản lý các Khu kinh tế và Khu công nghiệp", "BQL", "Trưởng ban"),
          ("Sở Khoa học và Công nghệ", "SKHCN", "Giám đốc"), ("Sở Giáo dục và Đào tạo", "SGDĐT", "Giám đốc")]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Đức", "Xuân", "Thành", "Công", "Hồng"]
GIVEN = ["Hùng", "Dũng", "Lan", "Hòa", "Thảo", "Tuấn", "Phương", "Sơn", "Hải", "Nga", "Bình", "Trí", "Khánh", "Yến"]
TOPICS = [
    ("Cải thiện và nâng cao Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hài lòng của người dân, tổ chức "
     "đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS) năm {year}", ["PAR INDEX", "SIPAS"]),
    ("Cải cách hành chính năm {year}", ["PAR INDEX"]),
    ("Nâng cao Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI) năm {year}", ["PAPI"]),
    ("Cải thiện Chỉ số cải cách hành chính (PAR INDEX) và Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm {year}",
     ["PAR INDEX", "PCI"]),
]
HEADERS = [  # appendix column names: (role, names to choose from)
    ("number", ["TT", "STT"]), ("description", ["Nội dung nhiệm vụ", "Nhiệm vụ", "Nội dung công việc"]),
    ("lead", ["Đơn vị chủ trì", "Cơ quan chủ trì", "Chủ trì thực hiện"]),
    ("coordinators", ["Đơn vị phối hợp", "Cơ quan phối hợp", "Phối hợp"]),
    ("deadline", ["Thời gian hoàn thành", "Thời gian thực hiện", "Tiến độ"]),
    ("output", ["Kết quả/Sản phẩm", "Sản phẩm", "Kết quả đầu ra"]),
]
FIELD_LABELS = {"lead": ["Đơn vị chủ trì", "Cơ quan chủ trì"], "coordinators": ["Đơn vị phối hợp", "Cơ quan phối hợp"],
                "output": ["Sản phẩm", "Kết quả"], "deadline": ["Thời gian", "Thời gian hoàn thành", "Thời hạn"]}
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def task_pools(real: list[DocSpec], gold: dict[str, Any]) -> tuple[Pool, Pool]:
    """Dev pool: seed 000's gold and dev realplans' task rows; held-out pool: held-out realplans' only."""
    dev: Pool = []
    held: Pool = []
    for t in gold["tasks"]:
        group = t["group"][1].split(". ", 1)[-1] if len(t["group"]) > 1 else "Nhiệm vụ khác"
        dev.append((group, TruthTask(**{k: t[k] for k in TruthTask.model_fields if k in t})))
    for spec in real:
        if spec.truth.how not in ("table", "labelled"):
            continue
        for task in spec.truth.tasks:
            if task.lead and len(task.description) < 400:
                group = task.group[-1].split(". ", 1)[-1] if task.group else "Nhiệm vụ trọng tâm"
                (held if spec.split == "heldout" else dev).append((group, task))
    return dev, held


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


Groups = list[tuple[str, list[TruthTask]]]
Made = tuple[list[Block], list[TruthTask]]


def _pick_groups(pool: Pool, rng: random.Random, n_groups: int, per: tuple[int, int]) -> Groups:
    by: dict[str, list[TruthTask]] = {}
    for g, t in pool:
        by.setdefault(g, []).append(t)
    names = rng.sample(sorted(by), min(n_groups, len(by)))
    return [(g, rng.sample(by[g], min(len(by[g]), rng.randint(*per)))) for g in names]


def _stripped(task: TruthTask, keep: set[str]) -> TruthTask:
    return task.model_copy(update={k: None for k in ("target", "lead", "coordinators", "deadline", "output")
                                   if k not in keep})


def appendix_table(groups: Groups, rng: random.Random, letters: bool,
                   sub_items: bool) -> Made:
    """A Phụ lục task table: letter groups (A. PAR INDEX, B. SIPAS) over Roman groups, or Roman groups only."""
    roles = [r for r, _ in HEADERS if r in ("number", "description", "lead") or rng.random() < 0.85]
    header = [rng.choice(dict(HEADERS)[r]) for r in roles]
    rows: list[list[str]] = []
    truth: list[TruthTask] = []
    halves = [("A", "Chỉ số cải cách hành chính (PAR INDEX)", groups[: len(groups) // 2 + 1]),
              ("B", "Chỉ số hài lòng của người dân, tổ chức (SIPAS)", groups[len(groups) // 2 + 1:])]
    for letter, title, part in halves if letters else [("", "", groups)]:
        path0 = [f"{letter}. {title}"] if letter else []
        if letter and part:
            rows.append([letter, title.upper()])
        for gi, (gname, tasks) in enumerate(part):
            roman = ROMANS[gi]
            rows.append([roman, gname])
            for ti, task in enumerate(tasks, 1):
                number = f"{(ti + 1) // 2}.{2 - ti % 2}" if sub_items and len(tasks) > 2 else str(ti)
                rows.append([number if r == "number" else (getattr(task, r) or "") for r in roles])
                truth.append(_stripped(task, set(roles)).model_copy(
                    update={"number": number, "group": [*path0, f"{roman}. {gname}"]}))
    table = TableSpec(header=header, rows=rows, ruled=rng.random() < 0.75)
    return [Block(kind="table", table=table)], truth


def field_items(groups: Groups, rng: random.Random) -> Made:
    """Seed 001's body: numbered groups, lettered tasks with '- Đơn vị chủ trì: …' field lines."""
    labels = {k: rng.choice(v) for k, v in FIELD_LABELS.items()}
    blocks: list[Block] = []
    truth: list[TruthTask] = []
    for gi, (gname, tasks) in enumerate(groups, 1):
        blocks.append(Block(kind="subheading", text=f"{gi}. {gname}"))
        for ti, task in enumerate(tasks):
            letter = "abcdeghiklmn"[ti]
            blocks.append(Block(kind="para", text=f"{letter}) {task.description}"))
            for role in ("lead", "coordinators", "output", "deadline"):
                if getattr(task, role):
                    blocks.append(Block(kind="para", text=f"- {labels[role]}: {getattr(task, role)}"))
            truth.append(_stripped(task, {"lead", "coordinators", "output", "deadline"}).model_copy(
                update={"number": letter, "group": [f"{gi}. {gname}"]}))
    return blocks, truth


def criteria_items(groups: Groups, rng: random.Random) -> Made:
    """Seed 003's body: criteria 1.1, 1.2 … each with a) target b) tasks c) units d) time."""
    blocks: list[Block] = []
    truth: list[TruthTask] = []
    for gi, (gname, tasks) in enumerate(groups, 1):
        blocks.append(Block(kind="subheading", text=f"{gi}. {gname}"))
        for ti, task in enumerate(tasks, 1):
            number = f"{gi}.{ti}"
            target = task.output or "Hoàn thành 100% nhiệm vụ được giao"
            blocks += [Block(kind="subheading", text=f"{number}. {gname} - nhiệm vụ {ti}"),
                       Block(kind="para", text=f"a) Mục tiêu: {target}"),
                       Block(kind="para", text="b) Nhiệm vụ, giải pháp:"),
                       Block(kind="para", text=f"- {task.description}"),
                       Block(kind="para", text=f"c) Đơn vị phụ trách: {task.lead}"
                                                + (f"; phối hợp: {task.coordinators}" if task.coordinators else "")),
                       Block(kind="para", text=f"d) Thời gian thực hiện: {task.deadline or 'Thường xuyên'}")]
            truth.append(TruthTask(number=number, group=[f"{gi}. {gname}"],
                                   description=f"{gname} - nhiệm vụ {ti}\n{task.description}", target=target,
                                   lead=task.lead, coordinators=task.coordinators,
                                   deadline=task.deadline or "Thường xuyên"))
    return blocks, truth


def unit_items(groups: Groups, rng: random.Random) -> Made:
    """Seed 004: responsibilities by unit, '2. Phòng Tư pháp' then 2.1, 2.2 with an inline deadline."""
    by_unit: dict[str, list[TruthTask]] = {}
    for _, tasks in groups:
        for t in tasks:
            by_unit.setdefault((t.lead or "Các cơ quan, đơn vị").split(",")[0].split(";")[0].strip(" -"), []).append(t)
    blocks: list[Block] = []
    truth: list[TruthTask] = []
    for ui, (unit, tasks) in enumerate(sorted(by_unit.items()), 1):
        blocks.append(Block(kind="subheading", text=f"{ui}. {unit}"))
        for ti, task in enumerate(tasks, 1):
            deadline = task.deadline if task.deadline and rng.random() < 0.7 else None
            text = task.description.rstrip(".") + (f". Thời gian hoàn thành: {deadline}." if deadline else ".")
            blocks.append(Block(kind="para", text=f"{ui}.{ti}. {text}"))
            truth.append(TruthTask(number=f"{ui}.{ti}", group=[f"{ui}. {unit}"], description=text, lead=unit,
                                   deadline=deadline))
    return blocks, truth


def compose(i: int, pool: Pool, sentences: list[str], split: Split, seed: int) -> DocSpec:
    """The i-th composed plan: its structure cycles through the seeds'; every third is issued by a decision."""
    rng = random.Random(seed * 1000 + i)
    province = rng.choice(PROVINCES)
    body, abbr, head_title = rng.choice(BODIES)
    year = rng.choice([2024, 2025, 2026])
    topic, indices = TOPICS[i % len(TOPICS)]
    title = topic.format(year=year)
    decision = i % 3 == 2
    number = f"{rng.randint(12, 980)}/{'QĐ' if decision else 'KH'}-{abbr}"
    day, month = rng.randint(1, 28), rng.randint(1, 4)
    header = Header(parent_issuer=f"UBND TỈNH {province.upper()}", issuer=f"{body.upper()} TỈNH {province.upper()}"
                    if "Ban Quản lý" not in body else body.upper(), number_line=f"Số: {number}",
                    place_date=f"{province}, ngày {day:02d} tháng {month:02d} năm {year}")
    structure = i % 5
    groups = _pick_groups(pool, rng, rng.randint(3, 6), (2, 5))
    makers: list[Callable[[], Made]] = [
        lambda: appendix_table(groups, rng, letters=True, sub_items=False),
        lambda: appendix_table(groups, rng, letters=False, sub_items=True),
        lambda: field_items(groups, rng), lambda: criteria_items(groups, rng), lambda: unit_items(groups, rng)]
    task_blocks, tasks = makers[structure]()
    purposes, requirements = rng.sample(sentences, 3), rng.sample(sentences, 3)
    sig = Signature(recipients=["UBND tỉnh (b/c)", "Sở Nội vụ", "Các phòng, đơn vị", "Lưu: VT"],
                    authority=["KT. " + head_title.upper(), "PHÓ " + head_title.upper()], name=_name(rng))
    reference = f"{rng.randint(100, 999)}/KH-UBND"
    preamble = (f"Thực hiện Kế hoạch số {reference} ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{year - 1} "
                f"của UBND tỉnh {province}, {body} ban hành Kế hoạch như sau:")
    sections = [TruthSection(number="I", title="MỤC ĐÍCH, YÊU CẦU"),
                TruthSection(number="II", title=rng.choice(["NHIỆM VỤ, GIẢI PHÁP", "NỘI DUNG, NHIỆM VỤ TRỌNG TÂM"])),
                TruthSection(number="III", title="TỔ CHỨC THỰC HIỆN")]
    if structure >= 2:  # body tasks sit under section II; appendix rows under their table's groups only
        tasks = [t.model_copy(update={"group": [f"II. {sections[1].title}", *t.group]}) for t in tasks]
    blocks = _decision_blocks(number, title, body, sig) if decision else []
    blocks += _plan_blocks(title, number, preamble, sections, (purposes, requirements), rng.sample(sentences, 2),
                           task_blocks, appendix=structure < 2, signature=None if decision else sig)
    meta = TruthMeta(doc_type="Kế hoạch", number=number, issuer=header.issuer, parent_issuer=header.parent_issuer,
                     place=province, date=f"{year}-{month:02d}-{day:02d}", year=year, title=title, indices=indices,
                     references=[reference], signer_name=sig.name, signer_title=f"Phó {head_title}",
                     recipients=sig.recipients, signer_authority=sig.authority[0],
                     issued_by=number if decision else None)
    truth = Truth(document=meta, sections=sections, purposes=purposes, requirements=requirements, tasks=tasks,
                  how="composed")
    return DocSpec(doc_id=f"c{i:02d}-{['appendix-ab', 'appendix-roman', 'fields', 'criteria', 'units'][structure]}",
                   kind="composed", source="composed", split=split, header=header, blocks=blocks, truth=truth)


def _plan_blocks(title: str, number: str, preamble: str, sections: list[TruthSection],
                 aims: tuple[list[str], list[str]], closing: list[str], task_blocks: list[Block], appendix: bool,
                 signature: Signature | None) -> list[Block]:
    """The plan itself: type and title, preamble, I. purposes and requirements, II. tasks (or a pointer to the
    appendix), III. organisation, the signature (when no decision signs it) and the appendix."""
    purposes, requirements = aims
    blocks = [Block(kind="title", text="KẾ HOẠCH"), Block(kind="title", text=title)]
    if signature is None:
        blocks.append(Block(kind="subtitle", text=f"(Kèm theo Quyết định số {number})"))
    blocks += [Block(kind="para", text=preamble),
               Block(kind="heading", text=f"I. {sections[0].title}"), Block(kind="subheading", text="1. Mục đích"),
               *[Block(kind="para", text=f"- {s}") for s in purposes], Block(kind="subheading", text="2. Yêu cầu"),
               *[Block(kind="para", text=f"- {s}") for s in requirements],
               Block(kind="heading", text=f"II. {sections[1].title}")]
    blocks += [Block(kind="para", text="Nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.")] if appendix \
        else task_blocks
    blocks += [Block(kind="heading", text=f"III. {sections[2].title}"), *[Block(kind="para", text=s) for s in closing]]
    if signature is not None:
        blocks.append(Block(kind="signature", signature=signature))
    if appendix:
        blocks += [Block(kind="pagebreak"), Block(kind="title", text="PHỤ LỤC"),
                   Block(kind="title", text="NHIỆM VỤ CỤ THỂ"),
                   Block(kind="subtitle", text=f"(Kèm theo Kế hoạch số {number})"), *task_blocks]
    return blocks


def _decision_blocks(number: str, title: str, body: str, sig: Signature) -> list[Block]:
    qd = number
    return [Block(kind="title", text="QUYẾT ĐỊNH"), Block(kind="title", text=f"Ban hành Kế hoạch {title[0].lower()}"
                                                                          f"{title[1:]}"),
            Block(kind="title", text=f"{sig.authority[0].removeprefix('KT. ')} {body.upper()}"),
            Block(kind="para", text="Căn cứ chức năng, nhiệm vụ, quyền hạn được giao;"),
            Block(kind="title", text="QUYẾT ĐỊNH:"),
            Block(kind="para", text=f"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch số {qd}."),
            Block(kind="para", text="Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
            Block(kind="para", text="Điều 3. Thủ trưởng các phòng, đơn vị chịu trách nhiệm thi hành Quyết định này."),
            Block(kind="signature", signature=sig), Block(kind="pagebreak")]


def composed_specs(real: list[DocSpec], gold_path: Path, n: int = 15, seed: int = 12) -> list[DocSpec]:
    """n composed plans from the real plans' truth and seed 000's gold; every third (i % 3 == 0) is held out and
    draws from the held-out pool."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    dev_pool, held_pool = task_pools(real, gold)
    sentences = [s for sp in real if sp.split == "dev" for s in sp.truth.purposes + sp.truth.requirements
                 if 40 < len(s) < 300 and not s[0].isdigit()]
    sentences += gold["purposes"] + gold["requirements"]
    out = []
    for i in range(n):
        held = i % 3 == 0
        out.append(compose(i, held_pool if held else dev_pool, sentences, "heldout" if held else "dev", seed))
    return out
