"""The sentences the faces say of an Answer, as templates filled from its fields (bot/faces/render.py fills them):
an answer's frame, what the knowledge base lacks, a named document's force, another province's rule as a reference,
the nomination rules' verdict. Changing how the bot words or lays these out is a change here; what an answer still
holds as the engine's own sentence (its `lead`, a warning given as text) is said as it is."""

from __future__ import annotations

# An answer's frame.
SOURCES = "Căn cứ:"
WARNING = "⚠️ {}"
RELATED = "Liên quan (để tham khảo, không phải câu trả lời):"
NOT_COVERED_HINT = (
    "Bạn có thể hỏi lại cụ thể hơn (nêu tên danh hiệu, hình thức khen thưởng hoặc số hiệu văn bản, "
    "ví dụ: \"Tiêu chuẩn Chiến sĩ thi đua cơ sở\", \"khoản 1 Điều 84 Luật Thi đua, khen thưởng\"), "
    "hoặc liên hệ bộ phận thi đua, khen thưởng (Sở Nội vụ) để được hướng dẫn. "
    "Quản trị viên có thể bổ sung văn bản còn thiếu vào cơ sở tri thức."
)

# What a question was understood to ask, for an answer that is not sure of it.
KIND_LABELS = {"criteria": "tiêu chuẩn, điều kiện", "count": "số lần, số năm cần đạt", "amount": "mức tiền thưởng",
               "authority": "thẩm quyền quyết định", "dossier": "hồ sơ, thủ tục", "deadline": "thời hạn, thời điểm",
               "status": "hiệu lực của văn bản", "compare": "sự khác nhau", "list": "danh sách các loại",
               "definition": "khái niệm", "eligibility": "điều kiện của một người, một tập thể"}
# What a question was understood to ask be done with an award, when it is not conferring it (actions.yaml).
ACTION_LABELS = {"propose": "thẩm quyền đề nghị, trình khen thưởng", "revoke": "việc hủy bỏ, thu hồi khen thưởng",
                 "recognise": "việc công nhận sáng kiến, đề tài", "regulate": "cơ quan quy định",
                 "reissue": "việc cấp đổi, cấp lại hiện vật khen thưởng"}
UNSURE = "⚠️ Tôi chưa chắc đã hiểu đúng câu hỏi{about}. Điều khoản gần nhất trong cơ sở tri thức, có thể liên quan:"
UNSURE_ABOUT = " (hiểu là hỏi về {})"
UNSURE_CLAUSE = ("⚠️ Tôi hiểu câu hỏi{about}, nhưng chưa chắc điều khoản dưới đây trả lời đúng câu hỏi. Điều khoản gần "
                 "nhất tìm được, có thể liên quan:")
UNSURE_CLAUSE_ABOUT = " là hỏi về {}"
UNSTATED = ("⚠️ Điều khoản dưới đây là quy định chung, không nhắc đến «{}» như câu hỏi nêu; cần đối chiếu thêm quy định "
            "khác có thể áp dụng cho trường hợp này. Quy định gần nhất, có thể liên quan:")
ALSO_RELATED = "Các điều khoản khác có thể liên quan:"
ALSO_IN_ARTICLE = "Cùng điều này, khoản nói về điều bạn hỏi thêm:"  # another khoản of the article quoted
CLOSEST = "Các điều khoản gần nhất với câu hỏi, có thể liên quan:"

# Where a quoted text comes from, when it is not a document of the knowledge folders as shipped.
UPLOADED = "văn bản do quản trị viên{by} tải lên{when}, {checked}"
UPLOADED_ON = " ngày {}"
CHECKED = "đã đối chiếu bản gốc ngày {}"
UNCHECKED = "chưa đối chiếu bản gốc"
GUESSED = "{} đoán từ nội dung, không do văn bản khai báo"
GUESSED_LABELS = {"number": "số hiệu", "title": "tên văn bản", "type": "loại văn bản", "signed": "ngày ký",
                  "status": "hiệu lực"}  # the id a file name gives is no claim about the text

# Nothing answers the question.
UNANSWERED = "Cơ sở tri thức hiện có chưa có nội dung trả lời câu hỏi này."

# A rule of an award the knowledge base lacks (Gap): (the rule about an award, the kind of rule).
GAP_ABOUT = {"criteria": ("tiêu chuẩn của {}", "tiêu chuẩn"), "amount": ("mức tiền thưởng của {}", "mức tiền thưởng"),
             "authority": ("thẩm quyền quyết định tặng {}", "thẩm quyền"),
             "dossier": ("hồ sơ đề nghị tặng {}", "hồ sơ"), "deadline": ("thời hạn nộp hồ sơ {}", "thời hạn")}
GAP = "Cơ sở tri thức chưa có quy định về {about}"
GAP_FOR_PROVINCE = " áp dụng cho {province}."
GAP_LISTED = (" {award} có tên trong Điều {article} {document}, nhưng điều, khoản quy định {what} chưa được nạp vào cơ "
              "sở tri thức.")
GAP_ELSEWHERE = (" Quy định của {place} (Điều {article} {document}) chỉ để tham khảo, không phải quy định áp dụng cho "
                 "địa phương bạn.")
GAP_UPDATE = " Quản trị viên cần cập nhật cơ sở tri thức khi có văn bản."
# The award's rule is loaded for others than the ones asked about (Gap.whom, Gap.ruled_for): whom, as the faces say it
# (the labels of knowledge/lexicon/for_whom.yaml and nominees.yaml).
GAP_WHOM = " đối với {whom}"
GAP_RULED_FOR = " {location} {document} quy định cho {whom}, không áp dụng cho {asked}."
WHOM = {"ca-nhan": "cá nhân", "tap-the": "tập thể", "ho-gia-dinh": "hộ gia đình",
        "can-bo": "cán bộ, công chức, viên chức", "cong-nhan-nong-dan": "công nhân, nông dân",
        "nguoi-lao-dong": "người lao động", "luc-luong-vu-trang": "lực lượng vũ trang"}

# The province asked about has no rule of its own on the point (ProvinceGap).
PROVINCE_GAP = "Cơ sở tri thức chưa có quy định của {province} về nội dung này."
PROVINCE_GAP_GENERAL = (" Quy định chung gần nhất trong cơ sở tri thức (văn bản trung ương, không phải quy định riêng "
                        "của {province}):\n{lead}\n«{quote}»")
PROVINCE_GAP_REFERENCE = ("\nQuy định của {place} ({citation}) chỉ để tham khảo, không phải quy định áp dụng cho "
                          "{province}.")
# Another province's rule under an answer of one's own (Reference).
REFERENCE = "Tham khảo: quy định của {place} ({citation}) — không phải quy định áp dụng cho {province}."

# Whether someone may be awarded, told with a circumstance a rule the knowledge base lacks decides (CircumstanceGap).
CIRCUMSTANCE_GAP = ("Cơ sở tri thức chưa có {lacks}, nên chưa trả lời được cho trường hợp bạn nêu ({told}) — hãy đối "
                    "chiếu quy định hiện hành.")
# A cap of a rule the asker cites at a rate no indexed text states (CapGap).
CAP_GAP = ("Cơ sở tri thức chưa có quy định về tỷ lệ bạn nêu ({told}): các văn bản đã nạp không quy định tỷ lệ này. "
           "Quy định đó có thể thuộc văn bản đã hết hiệu lực hoặc văn bản chưa được nạp, nên chưa thể xác nhận tỷ lệ "
           "này hiện còn áp dụng.")
# The closest text does not hold the rule asked (TopicGap).
DELEGATED = ("Cơ sở tri thức chưa có quy định chi tiết về {topic}. {where} chỉ giao việc quy định nội dung này cho văn "
             "bản khác (chưa được nạp), trích để tham khảo:\n«{sentence}»")
NO_FIGURE = ("Cơ sở tri thức chưa có văn bản nêu con số bạn hỏi. Văn bản gần nhất ({where}) không nêu con số này, "
             "trích để tham khảo:\n«{sentence}»")

# What an amending text changes, when it is declared but not loaded (AmendmentGap).
AMENDMENT_GAP = ("Cơ sở tri thức chưa có văn bản {name}{effective}, nên chưa trả lời được {target} được sửa đổi, "
                 "bổ sung những điều, khoản nào và sửa như thế nào. Các câu trả lời khác vẫn trích lời văn trước khi "
                 "sửa đổi. Quản trị viên cần cập nhật cơ sở tri thức khi có văn bản.")
AMENDMENT_EFFECTIVE = " (có hiệu lực từ ngày {day})"

# Whether a named document is in force (DocumentStatus), one sentence each.
IN_FORCE = "{name}: đang có hiệu lực"
NOT_IN_FORCE = "{name}: đã hết hiệu lực"
EFFECTIVE = "; có hiệu lực từ {day}"
REPORT = ("{name}{published}: cơ sở tri thức chỉ có tin tóm tắt, không có toàn văn văn bản, nên không xác định được "
          "hiệu lực của văn bản; hãy đối chiếu bản gốc")
PUBLISHED = " (tin đăng ngày {day})"
RELATIONS = {"replaced-by": "; bị thay thế bởi {}", "replaces": "; thay thế {}", "repeals": "; bãi bỏ {}"}
REPLACED_ON = " từ ngày {day}"
STATUS_END = "."

# The nomination rules' verdict on an "am I eligible?" question (bot/nomination/verdict.py Headline, CriterionLine).
VERDICT_SERVED = ("❌ Chưa đủ điều kiện để đề nghị {award}: bạn nêu bị kỷ luật năm {year} — thành tích chỉ được tính "
                  "từ thời điểm chấp hành xong thời gian kỷ luật ({where}).")
VERDICT_DEFERRED = ("⏸ Chưa đủ điều kiện để đề nghị {award} lúc này: đang bị xem xét kỷ luật hoặc thanh tra, kiểm tra "
                    "— chưa khen thưởng hoặc đề nghị khen thưởng trong thời gian này ({where}).")
VERDICT_NOT_ELIGIBLE = "❌ Chưa đủ điều kiện: {award} — chưa đạt: {where}."
VERDICT_ELIGIBLE = "{opening}: {award} — theo các thông tin bạn nêu."
VERDICT_CONDITIONAL = "{opening}: {award} — theo các tiêu chuẩn bạn nêu, nếu {conditions}."
VERDICT_INCOMPLETE = "⚠️ Cần thêm thông tin để kết luận về {award}: {needed}."
# No verdict: the criteria are only another province's; the award's rule is not loaded; no award named.
VERDICT_NOT_HELD = ("Cơ sở tri thức chưa có tiêu chuẩn của {province} cho {award} (chỉ có quy định của tỉnh, "
                    "thành phố khác, không áp dụng cho {province}), nên chưa thể kết luận có đủ điều kiện hay không: "
                    "hãy đối chiếu quy định của Ủy ban nhân dân {province}; quản trị viên có thể bổ sung văn bản đó. "
                    "Vẫn có thể lập hồ sơ đề nghị (/de_nghi): đơn vị xác nhận tiêu chuẩn đó ở bước tiêu chuẩn.")
VERDICT_UNCOVERED = ("Cơ sở tri thức chưa có {needed} của {award}, nên chưa thể kết luận bạn có đủ điều kiện hay "
                     "không; quản trị viên có thể bổ sung văn bản quy định.")
VERDICT_INFERRED = ("ℹ️ Câu hỏi không nêu tên danh hiệu, hình thức khen thưởng; tôi hiểu là bạn hỏi về {award} mà tin "
                    "nhắn nêu việc đề nghị. Nếu không phải, hãy nêu tên danh hiệu, hình thức bạn hỏi.\n")
UNLISTED_RULES = ("Danh mục chưa ghi giải thưởng này cho {}; các tiêu chuẩn dưới đây là tiêu chuẩn chung. Điều khoản "
                  "được dẫn có nói về đối tượng này, có thể liên quan:")
LISTED_RULES = "Bạn nêu là {}: thuộc đối tượng xét tặng, theo"
UNLISTED_RULE = "• «{line}» ({where})"
PARTIAL_RULES = "Phần quy định cơ sở tri thức đang có, có thể liên quan (chưa đủ để kết luận):"
VERDICT_UNKNOWN_AWARD = ("Bạn hỏi về danh hiệu, hình thức khen thưởng nào? Hãy nêu tên, ví dụ: “… có được Chiến sĩ thi "
                         "đua cơ sở không?”{named}")
UNKNOWN_AWARD_NAMED = " (trong tin nhắn có: {})"
HEADLINES = {"served": VERDICT_SERVED, "deferred": VERDICT_DEFERRED, "not-eligible": VERDICT_NOT_ELIGIBLE,
             "eligible": VERDICT_ELIGIBLE, "conditional": VERDICT_CONDITIONAL, "incomplete": VERDICT_INCOMPLETE,
             "not-held": VERDICT_NOT_HELD, "uncovered": VERDICT_UNCOVERED, "unknown-award": VERDICT_UNKNOWN_AWARD}
ELIGIBLE = "✅ Đủ điều kiện"
ELIGIBLE_UNWEIGHED = "Có thể đủ điều kiện"  # said after UNWEIGHED_REST, lowercased
# What the user told that a rule the knowledge base lacks decides: said first, as plainly as any gap; what the rules
# loaded say of the rest follows.
UNWEIGHED = ("⚠️ Cơ sở tri thức chưa có {unweighed}, nên chưa thể kết luận về {award} cho điều bạn nêu — hãy đối chiếu "
             "quy định hiện hành trước khi đề nghị.\n")
UNWEIGHED_REST = "Xét riêng các tiêu chuẩn đã có, "
CONDITIONS = {"discipline": "không đang bị xem xét kỷ luật, thanh tra, kiểm tra",
              "member-discipline": "không có cá nhân bị kỷ luật", "confirm": "đơn vị xác nhận “{}”"}
CRITERION_MET = "✔ Đạt — {text} ({where})"
CRITERION_MET_FACT = ": bạn nêu {}"
CRITERION_COUNCIL = ". Lưu ý: {}"  # bot/nomination/verdict.py COUNCIL, also said in a year-end review's notes
CRITERION_FAILED = "✘ Chưa đạt — {text} ({where}): bạn nêu {fact}."
CRITERION_OTHERS = " Tiêu chuẩn thay thế trong cùng quy định, do cấp có thẩm quyền đánh giá: {}."
CRITERION_JUDGEMENT = "❔ Do đơn vị đánh giá, xác nhận — {text} ({where})."
CRITERION_UNTOLD = "❔ Bạn chưa nêu — {text} ({where})."
CRITERION_UNCLEAR = "❔ Chưa rõ — {text} ({where}): cần {fact}."
PRINCIPLE = "📌 {text} ({where})."
