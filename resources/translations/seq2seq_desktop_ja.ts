<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Software</source>
        <translation>ソフトウェア</translation>
    </message>
    <message>
        <source>Seq2Seq Desktop is released under the MIT licence and ships these libraries:</source>
        <translation>Seq2Seq Desktop は MIT ライセンスで公開されており、次のライブラリを同梱しています:</translation>
    </message>
    <message>
        <source>| Software | Version | Licence | Licence text |</source>
        <translation>| ソフトウェア | バージョン | ライセンス | ライセンス文 |</translation>
    </message>
    <message>
        <source>(not found)</source>
        <translation>(見つかりません)</translation>
    </message>
    <message>
        <source>Qt itself (version %1) is licensed under the LGPL-3.0, as PySide6 is.</source>
        <translation>Qt 本体 (バージョン %1) も、PySide6 と同じく LGPL-3.0 でライセンスされています。</translation>
    </message>
    <message>
        <source>The licence texts are in `%1` and in each library&apos;s `.dist-info` folder (the links above open them).</source>
        <translation>ライセンス文は `%1` と、各ライブラリの `.dist-info` フォルダーにあります (上のリンクから開けます)。</translation>
    </message>
    <message>
        <source>not loaded yet</source>
        <translation>未読み込み</translation>
    </message>
    <message>
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <source>About Seq2Seq Desktop</source>
        <translation>Seq2Seq Desktop について</translation>
    </message>
    <message>
        <source>Offline English ↔ Japanese translation and a toy chatbot, driven by attention encoder-decoder RNNs, with a live view of the attention.</source>
        <translation>アテンション付きエンコーダー・デコーダー RNN による、オフラインの英語 ↔ 日本語翻訳と、お試し用のチャットボットです。アテンションの様子をその場で確認できます。</translation>
    </message>
    <message>
        <source>About</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>(no model card)</source>
        <translation>(モデルカードはありません)</translation>
    </message>
    <message>
        <source>Role: %1 — package `%2` — device %3</source>
        <translation>役割: %1 — パッケージ `%2` — デバイス %3</translation>
    </message>
    <message>
        <source>No model is loaded yet.</source>
        <translation>まだモデルが読み込まれていません。</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Data &amp;&amp; licences</source>
        <translation>データとライセンス</translation>
    </message>
    <message>
        <source>Software licences</source>
        <translation>ソフトウェアのライセンス</translation>
    </message>
</context>
<context>
    <name>AttentionHeadSelector</name>
    <message>
        <source>Which cross-attention to show: the last decoder layer averaged over its heads (what the translation reports), the average of every layer and head, or a single head of one layer</source>
        <translation>表示するクロスアテンション：デコーダー最終層のヘッド平均（翻訳が報告するもの）、全層・全ヘッドの平均、またはある層の 1 つのヘッド</translation>
    </message>
    <message>
        <source>The heads of this translation are not available: the heatmap shows the last layer&apos;s average</source>
        <translation>この翻訳のヘッドは取得できません。ヒートマップには最終層の平均を表示しています</translation>
    </message>
    <message>
        <source>Average of heads, last layer</source>
        <translation>最終層のヘッド平均</translation>
    </message>
    <message>
        <source>Average of all layers and heads</source>
        <translation>全層・全ヘッドの平均</translation>
    </message>
    <message>
        <source>Layer %1, head %2</source>
        <translation>第 %1 層、ヘッド %2</translation>
    </message>
</context>
<context>
    <name>AttentionHeatmap</name>
    <message>
        <source>The attention map appears here while translating.</source>
        <translation>翻訳中は、ここにアテンションマップが表示されます。</translation>
    </message>
    <message>
        <source>weight %1</source>
        <translation>重み %1</translation>
    </message>
</context>
<context>
    <name>AttentionPanel</name>
    <message>
        <source>Sentence</source>
        <translation>文</translation>
    </message>
    <message>
        <source>Merge subwords into words</source>
        <translation>サブワードを単語にまとめる</translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>Export the heatmap as a PNG image</source>
        <translation>ヒートマップを PNG 画像としてエクスポート</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Export the attention weights as CSV</source>
        <translation>アテンションの重みを CSV でエクスポート</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>アテンション</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
    <message>
        <source>Export attention</source>
        <translation>アテンションのエクスポート</translation>
    </message>
</context>
<context>
    <name>BeamSweepPanel</name>
    <message>
        <source>A wider beam keeps more candidate translations at each step. Does that give better translations, and what does it cost in time? Run the sample sentences through every beam width and see.</source>
        <translation>ビームを広げると、各ステップでより多くの訳の候補を残します。それで訳は良くなるのか、時間はどれだけかかるのか。サンプル文をすべてのビーム幅で翻訳して確かめましょう。</translation>
    </message>
    <message>
        <source>Which translation model to measure</source>
        <translation>測定する翻訳モデル</translation>
    </message>
    <message>
        <source>Smallest beam width to try (1 = greedy: keep only the best word each step)</source>
        <translation>試す最小のビーム幅（1 = 貪欲探索：各ステップで最良の語だけを残す）</translation>
    </message>
    <message>
        <source>Largest beam width to try; every width in between is measured</source>
        <translation>試す最大のビーム幅。その間のすべての幅を測定します</translation>
    </message>
    <message>
        <source>Length penalties to compare, separated by commas (e.g. 0.6, 0.8, 1.0): higher values favour longer translations; one curve per value</source>
        <translation>比べる長さペナルティをカンマ区切りで（例：0.6, 0.8, 1.0）。値が大きいほど長い訳が選ばれやすくなります。値ごとに 1 本の曲線を描きます</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Translate the sample sentences once for every beam width and length penalty, timing and scoring each</source>
        <translation>ビーム幅と長さペナルティの組み合わせごとにサンプル文を一度ずつ翻訳し、時間と評価値を測ります</translation>
    </message>
    <message>
        <source>Stop soon; the settings already measured stay</source>
        <translation>まもなく停止します。測定済みの設定は残ります</translation>
    </message>
    <message>
        <source>How much of the sweep is done</source>
        <translation>測定の進み具合</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV を書き出す…</translation>
    </message>
    <message>
        <source>Save the table as a CSV file (for a spreadsheet)</source>
        <translation>表を CSV ファイルとして保存します（表計算ソフト向け）</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG を書き出す…</translation>
    </message>
    <message>
        <source>Save the two plots as a PNG image</source>
        <translation>2 つのグラフを PNG 画像として保存します</translation>
    </message>
    <message>
        <source>Beam from</source>
        <translation>ビーム幅</translation>
    </message>
    <message>
        <source>to</source>
        <translation>～</translation>
    </message>
    <message>
        <source>Length penalty α</source>
        <translation>長さペナルティ α</translation>
    </message>
    <message>
        <source>beam width</source>
        <translation>ビーム幅</translation>
    </message>
    <message>
        <source>Translation quality on the sample sentences (higher is better)</source>
        <translation>サンプル文での翻訳品質（高いほど良い）</translation>
    </message>
    <message>
        <source>sentences / s</source>
        <translation>文 / 秒</translation>
    </message>
    <message>
        <source>How many sentences are translated per second (higher is faster)</source>
        <translation>1 秒あたりに翻訳できる文の数（高いほど速い）</translation>
    </message>
    <message>
        <source>The measured numbers, one row per beam width and length penalty</source>
        <translation>測定した数値。ビーム幅と長さペナルティの組み合わせごとに 1 行</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>words</source>
        <translation>語</translation>
    </message>
    <message>
        <source>Beam</source>
        <translation>ビーム</translation>
    </message>
    <message>
        <source>Sentences/s</source>
        <translation>文/秒</translation>
    </message>
    <message>
        <source>Mean length (%1)</source>
        <translation>平均の長さ（%1）</translation>
    </message>
    <message>
        <source>No model is loaded for %1.</source>
        <translation>%1 のモデルが読み込まれていません。</translation>
    </message>
    <message>
        <source>Length penalties must be numbers from 0 to 3, separated by commas.</source>
        <translation>長さペナルティは 0 から 3 までの数をカンマで区切って入力してください。</translation>
    </message>
    <message>
        <source>Warming up…</source>
        <translation>準備しています…</translation>
    </message>
    <message>
        <source>Measuring beam %1, α %2 (%3 of %4 settings done)…</source>
        <translation>ビーム %1、α %2 を測定しています（%4 件中 %3 件の設定が完了）…</translation>
    </message>
    <message>
        <source>Beam %1, α %2: BLEU %3 at %4 sentences/s (%5 of %6 settings done).</source>
        <translation>ビーム %1、α %2：BLEU %3、毎秒 %4 文（%6 件中 %5 件の設定が完了）。</translation>
    </message>
    <message>
        <source>Measured %1 settings on %2 sentences (reference mean length %3).</source>
        <translation>%2 文で %1 件の設定を測定しました（参照訳の平均の長さ %3）。</translation>
    </message>
    <message>
        <source>Stopped after %1 of %2 settings.</source>
        <translation>%2 件中 %1 件の設定を測定したところで停止しました。</translation>
    </message>
    <message>
        <source>Export beam sweep</source>
        <translation>ビーム幅の測定結果を書き出す</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 を保存しました。</translation>
    </message>
    <message>
        <source>Export beam sweep plots</source>
        <translation>ビーム幅の測定グラフを書き出す</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 を書き込めませんでした。</translation>
    </message>
</context>
<context>
    <name>BeamTree</name>
    <message>
        <source>The search&apos;s hypotheses appear here step by step.</source>
        <translation>探索の仮説がここにステップごとに表示されます。</translation>
    </message>
    <message>
        <source>kept in the beam</source>
        <translation>ビームに残った</translation>
    </message>
    <message>
        <source>finished (the output ends here)</source>
        <translation>完了 (出力はここで終わり)</translation>
    </message>
    <message>
        <source>pruned (fell out of the beam)</source>
        <translation>枝刈り (ビームから外れた)</translation>
    </message>
    <message>
        <source>probability %1, score %2, normalised %3</source>
        <translation>確率 %1、スコア %2、正規化スコア %3</translation>
    </message>
    <message>
        <source>Click to see this hypothesis&apos;s choices and attention.</source>
        <translation>クリックすると、この仮説の次の候補とアテンションを表示します。</translation>
    </message>
</context>
<context>
    <name>BottleneckPanel</name>
    <message>
        <source>A translation model without attention reads the whole English sentence into one fixed-size vector and must write the Japanese from that vector alone, like retelling a story from a single note. Short sentences fit; long ones lose details. An attention model can look back at every source word while it writes. Compare the two on the sample sentences, grouped by length.</source>
        <translation>アテンションのない翻訳モデルは、英文全体を決まった大きさの 1 つのベクトルに読み込み、そのベクトルだけから日本語を書かなければなりません。1 枚のメモだけを頼りに物語を語り直すようなものです。短い文は収まりますが、長い文では細部が失われます。アテンションのあるモデルは、書きながら原文のどの語にも目を戻せます。サンプル文を長さごとに分けて、2 つを比べてみましょう。</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>Load the model without attention if needed, then translate the sample sentences with both models</source>
        <translation>必要ならアテンションのないモデルを読み込み、両方のモデルでサンプル文を翻訳します</translation>
    </message>
    <message>
        <source>Stop soon; nothing is changed</source>
        <translation>まもなく停止します。何も変更されません</translation>
    </message>
    <message>
        <source>How many sample sentences both models have translated</source>
        <translation>両モデルが翻訳し終えたサンプル文の数</translation>
    </message>
    <message>
        <source>Score to plot: chrF compares characters and stays meaningful for a handful of short sentences; BLEU compares whole words and phrases</source>
        <translation>グラフに描く評価値：chrF は文字単位で比べるので、短い文が少しだけでも意味のある値になります。BLEU は語や句のまとまりで比べます</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>評価値</translation>
    </message>
    <message>
        <source>source length (words)</source>
        <translation>原文の長さ（語）</translation>
    </message>
    <message>
        <source>Score of each model on the sentences of each length (higher is better)</source>
        <translation>長さごとの文での各モデルの評価値（高いほど良い）</translation>
    </message>
    <message>
        <source>Per length group: how many sentences, and each model&apos;s scores (exact = share translated word for word like the reference)</source>
        <translation>長さのグループごとの文の数と各モデルの評価値（完全一致 = 参照訳とまったく同じに訳せた割合）</translation>
    </message>
    <message>
        <source>The attention model (English → Japanese) is not loaded yet.</source>
        <translation>アテンションのあるモデル（英語 → 日本語）はまだ読み込まれていません。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <source>Loading the model without attention…</source>
        <translation>アテンションのないモデルを読み込んでいます…</translation>
    </message>
    <message>
        <source>The teaching model without attention (%1) is not installed, or could not be read.</source>
        <translation>学習用のアテンションのないモデル（%1）がインストールされていないか、読み込めませんでした。</translation>
    </message>
    <message>
        <source>attention (en-ja)</source>
        <translation>アテンションあり (en-ja)</translation>
    </message>
    <message>
        <source>no attention</source>
        <translation>アテンションなし</translation>
    </message>
    <message>
        <source>Translating the sample sentences with both models…</source>
        <translation>両方のモデルでサンプル文を翻訳しています…</translation>
    </message>
    <message>
        <source>Scores by source length, in words, on %1 sample sentences.</source>
        <translation>%1 文のサンプル文での、原文の長さ（語数）ごとの評価値です。</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>語数</translation>
    </message>
    <message>
        <source>Sentences</source>
        <translation>文の数</translation>
    </message>
    <message>
        <source>Exact %</source>
        <translation>完全一致 %</translation>
    </message>
</context>
<context>
    <name>ChatOptionsRow</name>
    <message>
        <source>Which chat model answers. Automatic sends each message to the model of the language it is written in.</source>
        <translation>どのチャットモデルが答えるか。「自動」では、メッセージを書かれた言語のモデルに送ります。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Beam search</source>
        <translation>ビームサーチ</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>サンプリング</translation>
    </message>
    <message>
        <source>Temperature: lower is more predictable</source>
        <translation>温度: 低いほど予測しやすい返答になります</translation>
    </message>
    <message>
        <source>Top-p (nucleus): sample only from the most likely tokens</source>
        <translation>Top-p (nucleus): 確率の高いトークンだけからサンプリングします</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Fixed seed: the same input gives the same reply</source>
        <translation>シードを固定: 同じ入力には同じ返答をします</translation>
    </message>
    <message>
        <source>Specific replies</source>
        <translation>具体的な返答</translation>
    </message>
    <message>
        <source>Prefer replies that answer your message over ones that would fit any message, such as “I don&apos;t know.” (MMI: the reverse chat model checks each candidate)</source>
        <translation>「わかりません」のようにどんなメッセージにも当てはまる返答より、メッセージに応じた返答を優先します (MMI: 逆方向のチャットモデルで各候補を確認します)</translation>
    </message>
    <message>
        <source>How many turns the model sees, your new one included</source>
        <translation>モデルが参照するターン数 (新しい発言を含む)</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新しい会話</translation>
    </message>
    <message>
        <source>Save transcript…</source>
        <translation>会話ログを保存…</translation>
    </message>
    <message>
        <source>Decoding</source>
        <translation>デコード方式</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Context turns</source>
        <translation>文脈のターン数</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <source>Attention of the last reply appears here.</source>
        <translation>直前の返答のアテンションがここに表示されます。</translation>
    </message>
    <message>
        <source>Say something…</source>
        <translation>メッセージを入力…</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Send (Return)</source>
        <translation>送信 (Return)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop (Esc)</source>
        <translation>停止 (Esc)</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>No Japanese chat model is installed, so Japanese messages cannot be answered.</source>
        <translation>日本語のチャットモデルがインストールされていないため、日本語のメッセージには答えられません。</translation>
    </message>
    <message>
        <source>No English chat model is installed, so English messages cannot be answered.</source>
        <translation>英語のチャットモデルがインストールされていないため、英語のメッセージには答えられません。</translation>
    </message>
    <message>
        <source>Now answering with the %1 chat model.</source>
        <translation>ここからは%1のチャットモデルが答えます。</translation>
    </message>
    <message>
        <source>Loading the chat model…</source>
        <translation>チャットモデルを読み込んでいます…</translation>
    </message>
    <message>
        <source>The chat model is still loading.</source>
        <translation>チャットモデルを読み込み中です。</translation>
    </message>
    <message>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <source>Bot</source>
        <translation>ボット</translation>
    </message>
    <message>
        <source>Save transcript</source>
        <translation>会話ログを保存</translation>
    </message>
    <message>
        <source>Text (*.txt);;JSON (*.json)</source>
        <translation>テキスト (*.txt);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Transcript saved to %1</source>
        <translation>会話ログを %1 に保存しました</translation>
    </message>
    <message>
        <source>Choosing the reply among %1 candidates… (%2/%3 checked)</source>
        <translation>%1 件の候補から返答を選んでいます… (%2/%3 件を確認済み)</translation>
    </message>
    <message>
        <source>(candidate)</source>
        <translation>(候補)</translation>
    </message>
    <message>
        <source>One of %1 candidate replies being written; the reply is chosen among them when all are done</source>
        <translation>%1 件ある返答候補の 1 つを生成しています。すべて終わると、その中から返答が選ばれます</translation>
    </message>
    <message>
        <source>A canned reply: the model produced nothing for this turn.</source>
        <translation>定型の返答です: このターンではモデルが何も生成しませんでした。</translation>
    </message>
    <message>
        <source>(no reply: %1)</source>
        <translation>(返答なし: %1)</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>(停止しました)</translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <source>%1, no attention</source>
        <translation>%1、アテンションなし</translation>
    </message>
    <message>
        <source>%1 + attention (%2)</source>
        <translation>%1 + アテンション (%2)</translation>
    </message>
    <message>
        <source>Beam width of the beam search row: how many partial outputs it keeps after every step</source>
        <translation>ビームサーチの行のビーム幅: 各ステップの後に残す途中までの出力の数</translation>
    </message>
    <message>
        <source>Temperature of the sampling row: below 1 sharpens the distribution, above 1 flattens it</source>
        <translation>サンプリングの行の温度: 1 より小さいと分布が鋭くなり、1 より大きいと平らになります</translation>
    </message>
    <message>
        <source>Top-p of the sampling row: draw only from the likeliest tokens that together reach this probability</source>
        <translation>サンプリングの行の Top-p: 確率の高い順に合計がこの確率に達するまでのトークンだけから引きます</translation>
    </message>
    <message>
        <source>random</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <source>Seed of the sampling row: the same seed draws the same output again (0 = random)</source>
        <translation>サンプリングの行のシード: 同じシードなら同じ出力がまた引かれます (0 = ランダム)</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>Decode the sentence with greedy search, beam search and sampling, with every model for this direction (Ctrl+Return)</source>
        <translation>この方向のすべてのモデルで、文を貪欲法・ビームサーチ・サンプリングでデコードします (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Beam width</source>
        <translation>ビーム幅</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>探索</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>スコア</translation>
    </message>
    <message>
        <source>Norm. score</source>
        <translation>正規化スコア</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>長さ</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Sum of the log-probabilities of the output&apos;s tokens</source>
        <translation>出力の各トークンの対数確率の合計</translation>
    </message>
    <message>
        <source>Score / length^α (the default α): what the beam ranks finished outputs by</source>
        <translation>スコア / 長さ^α (既定の α): ビームサーチが完了した出力を並べる基準</translation>
    </message>
    <message>
        <source>Output tokens, the end token included</source>
        <translation>出力のトークン数 (終了トークンを含む)</translation>
    </message>
    <message>
        <source>No model to compare yet.</source>
        <translation>比較できるモデルがまだありません。</translation>
    </message>
    <message>
        <source>Type a sentence to compare first.</source>
        <translation>先に比較する文を入力してください。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>比較しています…</translation>
    </message>
    <message>
        <source>Greedy</source>
        <translation>貪欲法</translation>
    </message>
    <message>
        <source>Beam (k = %1)</source>
        <translation>ビーム (k = %1)</translation>
    </message>
    <message>
        <source>Sampling (seed %1)</source>
        <translation>サンプリング (シード %1)</translation>
    </message>
    <message>
        <source>Compared %1 runs.</source>
        <translation>%1 回の実行を比較しました。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失敗しました: %1</translation>
    </message>
    <message>
        <source>Models: %1</source>
        <translation>モデル: %1</translation>
    </message>
    <message>
        <source>No model loaded yet.</source>
        <translation>まだモデルが読み込まれていません。</translation>
    </message>
</context>
<context>
    <name>CoreErrors</name>
    <message>
        <source>{name}={value!r} is not valid; choose one of {choices}</source>
        <translation>{name}={value!r} は無効です。次のいずれかを選んでください: {choices}</translation>
    </message>
    <message>
        <source>{name}={value!r} is out of range; it must lie in [{lo}, {hi}]</source>
        <translation>{name}={value!r} は範囲外です。[{lo}, {hi}] の範囲で指定してください。</translation>
    </message>
    <message>
        <source>unknown {cls} keys: {unknown}; valid keys: {valid}</source>
        <translation>{cls} に不明なキーがあります: {unknown}。有効なキー: {valid}</translation>
    </message>
    <message>
        <source>{name} must be a positive integer, got {value!r}</source>
        <translation>{name} は正の整数で指定してください (指定値: {value!r})。</translation>
    </message>
    <message>
        <source>arch=&apos;transformer&apos; needs emb_dim divisible by heads; got emb_dim={emb_dim}, heads={heads}</source>
        <translation>arch=&apos;transformer&apos; では emb_dim が heads で割り切れる必要があります (emb_dim={emb_dim}、heads={heads})。</translation>
    </message>
    <message>
        <source>attention=&apos;luong_dot&apos; needs dec_hidden == 2 * enc_hidden; use &apos;luong_general&apos; otherwise</source>
        <translation>attention=&apos;luong_dot&apos; には dec_hidden == 2 * enc_hidden が必要です。それ以外の場合は &apos;luong_general&apos; を使ってください。</translation>
    </message>
    <message>
        <source>share_src_tgt_embeddings needs one vocabulary for source and target</source>
        <translation>share_src_tgt_embeddings を使うには、原文と訳文で同じ語彙が必要です。</translation>
    </message>
    <message>
        <source>n_best={n_best} cannot exceed beam_width={beam_width}</source>
        <translation>n_best={n_best} は beam_width={beam_width} を超えられません。</translation>
    </message>
    <message>
        <source>tokens_per_batch must be at least 16</source>
        <translation>tokens_per_batch は 16 以上にしてください。</translation>
    </message>
    <message>
        <source>direction={direction!r} is not valid; use &apos;SRC-TGT&apos; such as &apos;en-ja&apos; or &apos;ja-en&apos;</source>
        <translation>direction={direction!r} は無効です。&apos;en-ja&apos; や &apos;ja-en&apos; のように &apos;SRC-TGT&apos; の形で指定してください。</translation>
    </message>
    <message>
        <source>test_sentence is longer than 1000 characters</source>
        <translation>test_sentence が 1000 文字を超えています。</translation>
    </message>
    <message>
        <source>device={device!r} is not valid; use &apos;cpu&apos;, &apos;cuda&apos; or &apos;cuda:N&apos;</source>
        <translation>device={device!r} は無効です。&apos;cpu&apos;、&apos;cuda&apos;、&apos;cuda:N&apos; のいずれかを指定してください。</translation>
    </message>
    <message>
        <source>device={device!r} requested but CUDA is not available; use &apos;cpu&apos;</source>
        <translation>device={device!r} が指定されましたが、CUDA を利用できません。&apos;cpu&apos; を指定してください。</translation>
    </message>
    <message>
        <source>device={device!r} is not supported; use &apos;cpu&apos; or &apos;cuda&apos;</source>
        <translation>device={device!r} には対応していません。&apos;cpu&apos; または &apos;cuda&apos; を指定してください。</translation>
    </message>
    <message>
        <source>num_threads={num_threads} must be at least 1</source>
        <translation>num_threads={num_threads} は 1 以上にしてください。</translation>
    </message>
    <message>
        <source>not a valid SentencePiece model ({error})</source>
        <translation>有効な SentencePiece モデルではありません ({error})。</translation>
    </message>
    <message>
        <source>SentencePiece model uses unexpected special ids; expected pad=0 unk=1 bos=2 eos=3</source>
        <translation>SentencePiece モデルの特殊 ID が想定と異なります。pad=0 unk=1 bos=2 eos=3 である必要があります。</translation>
    </message>
    <message>
        <source>cannot read SentencePiece model {path}: {reason}</source>
        <translation>SentencePiece モデル {path} を読み込めません: {reason}</translation>
    </message>
    <message>
        <source>could not add user-defined pieces to the SentencePiece model</source>
        <translation>SentencePiece モデルにユーザー定義のピースを追加できませんでした。</translation>
    </message>
    <message>
        <source>SentencePiece training failed: {error}</source>
        <translation>SentencePiece の学習に失敗しました: {error}</translation>
    </message>
    <message>
        <source>model package {pkg} is missing {name}</source>
        <translation>モデルパッケージ {pkg} に {name} がありません。</translation>
    </message>
    <message>
        <source>model package {pkg}: {name} is not valid JSON ({error})</source>
        <translation>モデルパッケージ {pkg}: {name} は有効な JSON ではありません ({error})。</translation>
    </message>
    <message>
        <source>model package {pkg}: {name} must hold a JSON object</source>
        <translation>モデルパッケージ {pkg}: {name} には JSON オブジェクトが必要です。</translation>
    </message>
    <message>
        <source>model package {pkg} does not exist or is not a directory</source>
        <translation>モデルパッケージ {pkg} が存在しないか、フォルダーではありません。</translation>
    </message>
    <message>
        <source>model package {pkg} has format version {version!r}; this app reads version {supported}</source>
        <translation>モデルパッケージ {pkg} の形式バージョンは {version!r} です。このアプリが読めるのはバージョン {supported} です。</translation>
    </message>
    <message>
        <source>model package {pkg} has architecture {architecture!r}; this app knows {known}</source>
        <translation>モデルパッケージ {pkg} のアーキテクチャ {architecture!r} には対応していません。対応しているのは {known} です。</translation>
    </message>
    <message>
        <source>model package {pkg}: manifest.json has no checksum for {name}</source>
        <translation>モデルパッケージ {pkg}: manifest.json に {name} のチェックサムがありません。</translation>
    </message>
    <message>
        <source>model package {pkg}: {name} does not match its checksum (file damaged or changed)</source>
        <translation>モデルパッケージ {pkg}: {name} がチェックサムと一致しません (ファイルが破損しているか、変更されています)。</translation>
    </message>
    <message>
        <source>model package {pkg}: config.json is missing {keys}</source>
        <translation>モデルパッケージ {pkg}: config.json に {keys} がありません。</translation>
    </message>
    <message>
        <source>model package {pkg}: config.json key &apos;model&apos; must be an object of the model&apos;s settings, not {type}</source>
        <translation>モデルパッケージ {pkg}: config.json のキー &apos;model&apos; はモデル設定のオブジェクトである必要があります ({type} になっています)。</translation>
    </message>
    <message>
        <source>model package {pkg}: config.json &apos;model&apos; is missing {keys} (a default could change the model&apos;s output)</source>
        <translation>モデルパッケージ {pkg}: config.json の &apos;model&apos; に {keys} がありません (既定値ではモデルの出力が変わるおそれがあります)。</translation>
    </message>
    <message>
        <source>model package {pkg}: config.json key &apos;preprocessing&apos; must be an object</source>
        <translation>モデルパッケージ {pkg}: config.json のキー &apos;preprocessing&apos; はオブジェクトである必要があります。</translation>
    </message>
    <message>
        <source>model package {pkg}: config.json &apos;preprocessing&apos; is missing {keys} (a default could change the model&apos;s output)</source>
        <translation>モデルパッケージ {pkg}: config.json の &apos;preprocessing&apos; に {keys} がありません (既定値ではモデルの出力が変わるおそれがあります)。</translation>
    </message>
    <message>
        <source>model package {pkg}: bad model config ({error})</source>
        <translation>モデルパッケージ {pkg}: モデルの設定が正しくありません ({error})。</translation>
    </message>
    <message>
        <source>model package {pkg}: task {task!r} is not one of {tasks}</source>
        <translation>モデルパッケージ {pkg}: タスク {task!r} は {tasks} のいずれでもありません。</translation>
    </message>
    <message>
        <source>model package {pkg}: {error}</source>
        <translation>モデルパッケージ {pkg}: {error}</translation>
    </message>
    <message>
        <source>model package {pkg}: vocabulary sizes {src_size}/{tgt_size} of the SentencePiece models do not match the config ({src_config}/{tgt_config})</source>
        <translation>モデルパッケージ {pkg}: SentencePiece モデルの語彙サイズ {src_size}/{tgt_size} が設定 ({src_config}/{tgt_config}) と一致しません。</translation>
    </message>
    <message>
        <source>model package {pkg}: model.safetensors is not a readable safetensors file ({error})</source>
        <translation>モデルパッケージ {pkg}: model.safetensors を safetensors ファイルとして読み込めません ({error})。</translation>
    </message>
    <message>
        <source>model package {pkg}: int8 scales {name} belong to no weight</source>
        <translation>モデルパッケージ {pkg}: int8 のスケール {name} に対応する重みがありません。</translation>
    </message>
    <message>
        <source>model package {pkg}: weight {name} is stored as int8 without its per-row scales</source>
        <translation>モデルパッケージ {pkg}: 重み {name} は int8 で保存されていますが、行ごとのスケールがありません。</translation>
    </message>
    <message>
        <source>model package {pkg}: its vocabulary shortlist does not fit the model&apos;s vocabularies (damaged, or from another model)</source>
        <translation>モデルパッケージ {pkg}: 語彙ショートリストがモデルの語彙と合いません（破損しているか、別のモデルのものです）。</translation>
    </message>
    <message>
        <source>model package {pkg}: config.json shortlist uses {uses!r}; known: {known}</source>
        <translation>モデルパッケージ {pkg}: config.json の shortlist の uses が {uses!r} です。使える値: {known}</translation>
    </message>
    <message>
        <source>weight storage {storage!r} is not one of {storages}</source>
        <translation>重みの保存形式 {storage!r} は {storages} のいずれでもありません。</translation>
    </message>
    <message>
        <source>model package {pkg}: weights do not match the config (missing {missing}, unexpected {unexpected})</source>
        <translation>モデルパッケージ {pkg}: 重みが設定と一致しません (不足: {missing}、余分: {unexpected})。</translation>
    </message>
    <message>
        <source>model package {pkg}: weight {name} has shape {shape}, config expects {expected}</source>
        <translation>モデルパッケージ {pkg}: 重み {name} の形状は {shape} ですが、設定では {expected} です。</translation>
    </message>
    <message>
        <source>model package {pkg}: weight {name} contains NaN or infinity</source>
        <translation>モデルパッケージ {pkg}: 重み {name} に NaN または無限大が含まれています。</translation>
    </message>
    <message>
        <source>task {task!r} is not one of {tasks}</source>
        <translation>タスク {task!r} は {tasks} のいずれでもありません。</translation>
    </message>
    <message>
        <source>the input has {length:,} characters; the limit is {limit:,}. Split it into smaller parts.</source>
        <translation>入力が {length:,} 文字あります。上限は {limit:,} 文字です。いくつかに分けてください。</translation>
    </message>
    <message>
        <source>{path} is a {task} model for {direction}, not the {wanted} model for {target}-&gt;{source}</source>
        <translation>{path} は {direction} の {task} モデルです。{target}-&gt;{source} の {wanted} モデルではありません。</translation>
    </message>
    <message>
        <source>batch_size={batch_size} must be at least 1</source>
        <translation>batch_size={batch_size} は 1 以上にしてください。</translation>
    </message>
    <message>
        <source>top={top} must be between 1 and {max_top}</source>
        <translation>top={top} は 1 から {max_top} の範囲で指定してください。</translation>
    </message>
    <message>
        <source>forced token ids {ids} are outside the target vocabulary (0-{last})</source>
        <translation>強制するトークン ID {ids} が訳文の語彙の範囲 (0-{last}) の外にあります。</translation>
    </message>
    <message>
        <source>TransformerSeq2Seq needs arch=&apos;transformer&apos;, got arch={arch!r}</source>
        <translation>TransformerSeq2Seq には arch=&apos;transformer&apos; が必要です (指定値: arch={arch!r})。</translation>
    </message>
    <message>
        <source>{where}: the term is longer than {limit} characters</source>
        <translation>{where}: 用語が {limit} 文字を超えています。</translation>
    </message>
    <message>
        <source>{where}: the term holds control characters</source>
        <translation>{where}: 用語に制御文字が含まれています。</translation>
    </message>
    <message>
        <source>{name}:{line}: expected &apos;source&lt;TAB&gt;target&apos;, found {columns} columns</source>
        <translation>{name}:{line}: 「原語&lt;TAB&gt;訳語」の形式が必要ですが、{columns} 列あります。</translation>
    </message>
    <message>
        <source>{name}:{line}: the source term is empty</source>
        <translation>{name}:{line}: 原語が空です。</translation>
    </message>
    <message>
        <source>{name}:{line}: &apos;{term}&apos; is already on line {first}</source>
        <translation>{name}:{line}: &apos;{term}&apos; はすでに {first} 行目にあります。</translation>
    </message>
    <message>
        <source>cannot read glossary {path}: {reason}</source>
        <translation>用語集 {path} を読み込めません: {reason}</translation>
    </message>
    <message>
        <source>{name} is not a text file</source>
        <translation>{name} はテキストファイルではありません。</translation>
    </message>
    <message>
        <source>{name} is not UTF-8 text (Shift-JIS?); re-save it as UTF-8</source>
        <translation>{name} は UTF-8 のテキストではありません (Shift-JIS の可能性があります)。UTF-8 で保存し直してください。</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>{path} に書き込めません: {reason}</translation>
    </message>
    <message>
        <source>the glossary file {path} is damaged ({error}); it was left as it is</source>
        <translation>用語集ファイル {path} が破損しています ({error})。ファイルはそのまま残してあります。</translation>
    </message>
    <message>
        <source>cannot save the glossary to {path}: {reason}</source>
        <translation>用語集を {path} に保存できません: {reason}</translation>
    </message>
    <message>
        <source>{name}:{line}: expected sentence&lt;TAB&gt;span...</source>
        <translation>{name}:{line}: 「文&lt;TAB&gt;範囲...」の形式が必要です。</translation>
    </message>
    <message>
        <source>{path} is missing: the sample sentences were not bundled</source>
        <translation>{path} がありません。サンプル文が同梱されていません。</translation>
    </message>
    <message>
        <source>no sample sentences for {source}-&gt;{target}; choose en-&gt;ja or ja-&gt;en</source>
        <translation>{source}-&gt;{target} のサンプル文はありません。en-&gt;ja か ja-&gt;en を選んでください。</translation>
    </message>
    <message>
        <source>{folder}/sample.en.txt and sample.ja.txt must have one sentence per line each (they have {en_lines} and {ja_lines} lines)</source>
        <translation>{folder}/sample.en.txt と sample.ja.txt は、1 行に 1 文ずつ対応している必要があります (行数はそれぞれ {en_lines} 行と {ja_lines} 行です)。</translation>
    </message>
    <message>
        <source>{path}:{line}: expected English&lt;TAB&gt;Japanese</source>
        <translation>{path}:{line}: 「英語&lt;TAB&gt;日本語」の形式が必要です。</translation>
    </message>
    <message>
        <source>there are no sentence pairs to translate</source>
        <translation>翻訳する文のペアがありません。</translation>
    </message>
    <message>
        <source>{settings} cannot be set for a beam sweep: it sets {own} itself</source>
        <translation>ビーム幅の測定では {settings} を設定できません。測定のほうで {own} を設定します。</translation>
    </message>
    <message>
        <source>a beam sweep needs at least one beam width and one alpha</source>
        <translation>ビーム幅の測定には、ビーム幅と alpha がそれぞれ 1 つ以上必要です。</translation>
    </message>
    <message>
        <source>chunk={chunk} must be at least 1</source>
        <translation>chunk={chunk} は 1 以上にしてください。</translation>
    </message>
    <message>
        <source>{path} is not a beam-sweep CSV: it lacks the columns {columns}</source>
        <translation>{path} はビーム幅の測定の CSV ではありません。次の列がありません: {columns}</translation>
    </message>
    <message>
        <source>{path}: {error}</source>
        <translation>{path}: {error}</translation>
    </message>
    <message>
        <source>bucket edges {edges} must be positive and strictly increasing</source>
        <translation>長さの区切り {edges} は、正の値を小さい順に (重複なく) 並べてください。</translation>
    </message>
    <message>
        <source>length buckets need at least one engine</source>
        <translation>長さ別の比較には、エンジンが 1 つ以上必要です。</translation>
    </message>
    <message>
        <source>the engines translate different directions ({directions}); compare engines of one direction</source>
        <translation>エンジンの翻訳方向が異なります ({directions})。同じ方向のエンジンどうしで比較してください。</translation>
    </message>
    <message>
        <source>no model package named or found at {name!r}; available: none installed</source>
        <translation>{name!r} という名前またはパスのモデルパッケージが見つかりません。インストールされているモデルはありません。</translation>
    </message>
    <message>
        <source>no model package named or found at {name!r}; available: {available}</source>
        <translation>{name!r} という名前またはパスのモデルパッケージが見つかりません。利用できるモデル: {available}</translation>
    </message>
    <message>
        <source>the model name is empty; type a name such as &apos;en-ja-my-terms&apos;</source>
        <translation>モデル名が空です。&apos;en-ja-my-terms&apos; のような名前を入力してください。</translation>
    </message>
    <message>
        <source>the model name has {length} characters; use at most 64</source>
        <translation>モデル名が {length} 文字あります。64 文字以内にしてください。</translation>
    </message>
    <message>
        <source>the model name {name!r} may use letters, digits, spaces and . _ - + ( ) only, and must start with a letter or digit</source>
        <translation>モデル名 {name!r} に使えるのは文字・数字・空白と . _ - + ( ) だけで、先頭は文字か数字にする必要があります。</translation>
    </message>
    <message>
        <source>{name!r} is the name of a bundled model; choose another name</source>
        <translation>{name!r} は同梱のモデルの名前です。別の名前を選んでください。</translation>
    </message>
    <message>
        <source>a user model named {name!r} already exists; choose another name</source>
        <translation>{name!r} という名前のユーザーモデルはすでにあります。別の名前を選んでください。</translation>
    </message>
    <message>
        <source>there is no model package at {path}</source>
        <translation>{path} にモデルパッケージがありません。</translation>
    </message>
    <message>
        <source>{name} is a bundled model (or not in the user models folder); it cannot be renamed</source>
        <translation>{name} は同梱のモデル (またはユーザーモデルのフォルダーにないモデル) なので、名前を変更できません。</translation>
    </message>
    <message>
        <source>{name} is a bundled model (or not in the user models folder); it cannot be deleted</source>
        <translation>{name} は同梱のモデル (またはユーザーモデルのフォルダーにないモデル) なので、削除できません。</translation>
    </message>
    <message>
        <source>{archive} is not a complete model package folder: missing {files}</source>
        <translation>{archive} はモデルパッケージのフォルダーとして不完全です。足りないファイル: {files}</translation>
    </message>
    <message>
        <source>{archive} is not a model package archive (expected a .zip exported by Seq2Seq Desktop, or a .tar/.tar.gz of a package folder)</source>
        <translation>{archive} はモデルパッケージのアーカイブではありません (Seq2Seq Desktop でエクスポートした .zip か、パッケージフォルダーの .tar/.tar.gz が必要です)。</translation>
    </message>
    <message>
        <source>{archive} is refused: it holds an unsafe path {name!r}</source>
        <translation>{archive} は受け付けられません: 安全でないパス {name!r} が含まれています。</translation>
    </message>
    <message>
        <source>{archive} is refused: {name!r} is a link or special file</source>
        <translation>{archive} は受け付けられません: {name!r} はリンクまたは特殊ファイルです。</translation>
    </message>
    <message>
        <source>{archive}: unexpected nested file {name!r}</source>
        <translation>{archive}: 想定外の入れ子のファイル {name!r} があります。</translation>
    </message>
    <message>
        <source>{archive}: unexpected file {name!r}; a model package holds {files}</source>
        <translation>{archive}: 想定外のファイル {name!r} があります。モデルパッケージに含まれるのは {files} です。</translation>
    </message>
    <message>
        <source>{archive}: {name} appears twice</source>
        <translation>{archive}: {name} が 2 回含まれています。</translation>
    </message>
    <message>
        <source>{archive} holds more than one folder ({folders}); export one model per file</source>
        <translation>{archive} には複数のフォルダー ({folders}) が含まれています。1 つのファイルには 1 つのモデルだけをエクスポートしてください。</translation>
    </message>
    <message>
        <source>{archive} is not a complete model package: missing {files}</source>
        <translation>{archive} はモデルパッケージとして不完全です。足りないファイル: {files}</translation>
    </message>
    <message>
        <source>{archive} unpacks to {size:.1f} GB; the limit is {limit:.0f} GB</source>
        <translation>{archive} は展開すると {size:.1f} GB になります。上限は {limit:.0f} GB です。</translation>
    </message>
    <message>
        <source>{archive}: cannot read {name}</source>
        <translation>{archive}: {name} を読み込めません。</translation>
    </message>
    <message>
        <source>{archive}: {name} is larger than its header says</source>
        <translation>{archive}: {name} がヘッダーに記載されたサイズより大きくなっています。</translation>
    </message>
    <message>
        <source>the archive</source>
        <translation>アーカイブ</translation>
    </message>
    <message>
        <source>{path} does not exist</source>
        <translation>{path} は存在しません。</translation>
    </message>
    <message>
        <source>{archive} is not a valid model package: {error}</source>
        <translation>{archive} は有効なモデルパッケージではありません: {error}</translation>
    </message>
    <message>
        <source>could not save the model in {folder}: the disk is full; free some space or choose another folder</source>
        <translation>{folder} にモデルを保存できませんでした: ディスクがいっぱいです。空き容量を増やすか、別のフォルダーを選んでください。</translation>
    </message>
    <message>
        <source>could not save the model in {folder}: the folder is read-only (no permission to write there); choose another folder</source>
        <translation>{folder} にモデルを保存できませんでした: フォルダーが読み取り専用です (書き込む権限がありません)。別のフォルダーを選んでください。</translation>
    </message>
    <message>
        <source>could not save the model in {folder}: a file is in the way of the folder; move that file or choose another folder</source>
        <translation>{folder} にモデルを保存できませんでした: フォルダーの場所にファイルがあります。そのファイルを移動するか、別のフォルダーを選んでください。</translation>
    </message>
    <message>
        <source>could not save the model in {folder}: {reason}; try again, or choose another folder</source>
        <translation>{folder} にモデルを保存できませんでした: {reason}。もう一度試すか、別のフォルダーを選んでください。</translation>
    </message>
    <message>
        <source>cannot save models in {folder}: {blocker} is a file, not a folder; move or rename that file, or choose another folder</source>
        <translation>{folder} にモデルを保存できません: {blocker} はフォルダーではなくファイルです。そのファイルを移動するか名前を変えるか、別のフォルダーを選んでください。</translation>
    </message>
    <message>
        <source>not enough free space in {folder}: the model needs about {needed} and {free} are free; free some space or choose another folder</source>
        <translation>{folder} の空き容量が足りません: モデルには約 {needed} 必要ですが、空きは {free} です。空き容量を増やすか、別のフォルダーを選んでください。</translation>
    </message>
    <message>
        <source>another fine-tune (process {pid}) is working on a model named {name!r}; choose another name</source>
        <translation>別のファインチューニング (プロセス {pid}) が {name!r} という名前のモデルを作成中です。別の名前を選んでください。</translation>
    </message>
    <message>
        <source>another fine-tune is working on a model named {name!r}; choose another name</source>
        <translation>別のファインチューニングが {name!r} という名前のモデルを作成中です。別の名前を選んでください。</translation>
    </message>
    <message>
        <source>the model name {name!r} could not be reserved; try again</source>
        <translation>モデル名 {name!r} を予約できませんでした。もう一度試してください。</translation>
    </message>
    <message>
        <source>lr_schedule={schedule!r} is not valid; choose one of {choices}</source>
        <translation>lr_schedule={schedule!r} は無効です。次のいずれかを選んでください: {choices}</translation>
    </message>
    <message>
        <source>no usable training pairs (all were empty or too long)</source>
        <translation>使える学習ペアがありません (すべて空か、長すぎます)。</translation>
    </message>
    <message>
        <source>{name} looks like UTF-16 without a byte-order mark; re-save it as UTF-8</source>
        <translation>{name} は BOM のない UTF-16 のようです。UTF-8 で保存し直してください。</translation>
    </message>
    <message>
        <source>{name} is not a text file (it contains binary data); use a UTF-8 TSV, CSV or JSON Lines file</source>
        <translation>{name} はテキストファイルではありません (バイナリデータが含まれています)。UTF-8 の TSV・CSV・JSON Lines ファイルを使ってください。</translation>
    </message>
    <message>
        <source>{name} starts as {encoding} but holds invalid bytes; re-save it as UTF-8</source>
        <translation>{name} は {encoding} で始まっていますが、不正なバイトが含まれています。UTF-8 で保存し直してください。</translation>
    </message>
    <message>
        <source>{name} is not UTF-8, UTF-16, Shift-JIS or EUC-JP text; re-save it as UTF-8</source>
        <translation>{name} は UTF-8・UTF-16・Shift-JIS・EUC-JP のいずれのテキストでもありません。UTF-8 で保存し直してください。</translation>
    </message>
    <message>
        <source>format={format!r} is not valid; choose one of {choices}</source>
        <translation>format={format!r} は無効です。次のいずれかを選んでください: {choices}</translation>
    </message>
    <message>
        <source>this is a JSON document, not JSON Lines: put one object per line, e.g. {{&quot;source&quot;: &quot;...&quot;, &quot;target&quot;: &quot;...&quot;}}</source>
        <translation>これは JSON Lines ではなく JSON ドキュメントです。1 行に 1 つのオブジェクトを書いてください (例: {{&quot;source&quot;: &quot;...&quot;, &quot;target&quot;: &quot;...&quot;}})。</translation>
    </message>
    <message>
        <source>the pasted text is larger than the {limit} limit for pairs</source>
        <translation>貼り付けたテキストが、ペアの上限 {limit} を超えています。</translation>
    </message>
    <message>
        <source>{name} is {size}; pair files may be at most {limit}. Fine-tuning works best with 20-5,000 pairs: use a smaller selection.</source>
        <translation>{name} は {size} ですが、ペアのファイルは {limit} までです。ファインチューニングには 20〜5,000 ペアが最適です。選ぶ範囲を小さくしてください。</translation>
    </message>
    <message>
        <source>{name} is larger than {limit}</source>
        <translation>{name} は {limit} を超えています。</translation>
    </message>
    <message>
        <source>the pairs are {direction} but the base model translates {model_direction}; choose a {direction} model or mark the pairs as {model_direction}</source>
        <translation>ペアは {direction} ですが、ベースモデルは {model_direction} の翻訳モデルです。{direction} のモデルを選ぶか、ペアの方向を {model_direction} にしてください。</translation>
    </message>
    <message>
        <source>{count} usable pair; fine-tuning needs at least {minimum} ({held_out} are held out to measure the result)</source>
        <translation>使えるペアは {count} 件です。ファインチューニングには {minimum} 件以上が必要です (うち {held_out} 件は結果の評価用に取り分けます)。</translation>
    </message>
    <message>
        <source>{count} usable pairs; fine-tuning needs at least {minimum} ({held_out} are held out to measure the result)</source>
        <translation>使えるペアは {count} 件です。ファインチューニングには {minimum} 件以上が必要です (うち {held_out} 件は結果の評価用に取り分けます)。</translation>
    </message>
    <message>
        <source>{count} pairs leave {train} to train on after holding out {held_out}; add pairs or lower the validation share</source>
        <translation>{count} 件のペアから評価用に {held_out} 件を取り分けると、学習用は {train} 件しか残りません。ペアを増やすか、評価用に取り分ける割合を下げてください。</translation>
    </message>
    <message>
        <source>every training pair is longer than {max_len} tokens</source>
        <translation>すべての学習ペアが {max_len} トークンより長くなっています。</translation>
    </message>
    <message>
        <source>a folder in {folder} named {name!r} already exists; choose another name</source>
        <translation>{folder} には {name!r} という名前のフォルダーがすでにあります。別の名前を選んでください。</translation>
    </message>
    <message>
        <source>a model named {name!r} already exists in {folder}; choose another name</source>
        <translation>{folder} には {name!r} という名前のモデルがすでにあります。別の名前を選んでください。</translation>
    </message>
    <message>
        <source>precision must be one of {choices}; got {precision!r}</source>
        <translation>precision は {choices} のいずれかにしてください (指定値: {precision!r})。</translation>
    </message>
    <message>
        <source>int8 decoding needs the CPU and a PyTorch build with a quantized engine; use precision fp32 here</source>
        <translation>int8 でのデコードには、CPU と量子化エンジンを備えた PyTorch が必要です。ここでは precision fp32 を使ってください。</translation>
    </message>
    <message>
        <source>int8 decoding runs on the CPU only</source>
        <translation>int8 でのデコードは CPU でのみ動作します。</translation>
    </message>
    <message>
        <source>{path} is a reverse chat model: it ranks the chatbot&apos;s replies (&quot;Specific replies&quot;) and cannot be used as a translator or chatbot on its own</source>
        <translation>{path} は対話の逆方向モデルです。チャットボットの返答の順位付け (「具体的な返答」) に使うもので、単独では翻訳にも対話にも使えません。</translation>
    </message>
</context>
<context>
    <name>Direction</name>
    <message>
        <source>English → Japanese</source>
        <translation>英語 → 日本語</translation>
    </message>
    <message>
        <source>Japanese → English</source>
        <translation>日本語 → 英語</translation>
    </message>
</context>
<context>
    <name>DirectionHint</name>
    <message>
        <source>Swap</source>
        <translation>入れ替え</translation>
    </message>
    <message>
        <source>This looks like %1. Translate %1 → %2 instead?</source>
        <translation>このテキストは%1のようです。翻訳方向を %1 → %2 に切り替えますか？</translation>
    </message>
</context>
<context>
    <name>ErrorDialogs</name>
    <message>
        <source>Input too long</source>
        <translation>入力が長すぎます</translation>
    </message>
    <message>
        <source>Model could not be loaded</source>
        <translation>モデルを読み込めませんでした</translation>
    </message>
    <message>
        <source>Could not finish</source>
        <translation>完了できませんでした</translation>
    </message>
    <message>
        <source>Out of memory</source>
        <translation>メモリ不足</translation>
    </message>
    <message>
        <source>The computer ran out of memory while decoding. Try a smaller beam width, a shorter text, or close other programs.</source>
        <translation>デコード中にメモリが不足しました。ビーム幅を小さくする、テキストを短くする、またはほかのプログラムを閉じてみてください。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>予期しないエラー</translation>
    </message>
</context>
<context>
    <name>ExperimentPage</name>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>停止しています…</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>失敗しました。</translation>
    </message>
</context>
<context>
    <name>ExplainPanel</name>
    <message>
        <source>Which model is explained: a translation direction, the chatbot, or another model added for comparison</source>
        <translation>どのモデルの動きを見るか: 翻訳の方向、チャットボット、または比較用に追加されたモデル</translation>
    </message>
    <message>
        <source>Type one sentence to explain, e.g. “I love AI.”</source>
        <translation>デコードの様子を見たい文を 1 つ入力してください (例: “I love AI.”)</translation>
    </message>
    <message>
        <source>The sentence whose decoding is shown (only the first sentence of a longer text). Enter plays it.</source>
        <translation>デコードの様子を表示する文です (長いテキストでは最初の 1 文だけ)。Enter で再生します。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Sentence</source>
        <translation>文</translation>
    </message>
    <message>
        <source>Step through</source>
        <translation>ステップ実行</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>Beam experiment</source>
        <translation>ビーム幅の実験</translation>
    </message>
    <message>
        <source>Bottleneck</source>
        <translation>ボトルネック</translation>
    </message>
    <message>
        <source>%1 chat</source>
        <translation>%1チャット</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>モデルを読み込んでいます…</translation>
    </message>
</context>
<context>
    <name>FineTuneDialog</name>
    <message>
        <source>estimating time left…</source>
        <translation>残り時間を計算しています…</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>残り約 %1 秒</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>残り約 %1 分</translation>
    </message>
    <message>
        <source>Fine-tune on my pairs</source>
        <translation>自分の対訳ペアでファインチューニング</translation>
    </message>
    <message>
        <source>%1 pairs ready</source>
        <translation>使用できるペア: %1 件</translation>
    </message>
    <message>
        <source> · %1 with problems (skipped unless fixed)</source>
        <translation> · 問題あり: %1 件 (修正しない限りスキップ)</translation>
    </message>
    <message>
        <source> · %1 to train on, %2 held out to measure the result</source>
        <translation> · 学習用 %1 件、結果の評価用 %2 件</translation>
    </message>
    <message>
        <source>Replay pairs</source>
        <translation>リプレイ用ペア</translation>
    </message>
    <message>
        <source>The model could not be saved</source>
        <translation>モデルを保存できません</translation>
    </message>
    <message>
        <source>%1

Train anyway, and save the result in another folder afterwards?</source>
        <translation>%1

このまま学習して、あとで結果を別のフォルダーに保存しますか？</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>停止しています…</translation>
    </message>
    <message>
        <source>The user models folder could not take the model when training started: save it in another folder, or try Keep again.</source>
        <translation>学習開始時に、ユーザーモデルのフォルダーへモデルを保存できませんでした。別のフォルダーに保存するか、もう一度 [残す] を試してください。</translation>
    </message>
    <message>
        <source>Fine-tuning failed.</source>
        <translation>ファインチューニングに失敗しました。</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was changed.</source>
        <translation>キャンセルしました。何も変更されていません。</translation>
    </message>
    <message>
        <source>Save the fine-tuned model in</source>
        <translation>ファインチューニングしたモデルの保存先</translation>
    </message>
    <message>
        <source>Saving failed; the model is still here: try another folder.</source>
        <translation>保存に失敗しました。モデルはまだ保持しているので、別のフォルダーを試してください。</translation>
    </message>
    <message>
        <source>Discarded. The base model is unchanged.</source>
        <translation>破棄しました。ベースモデルは変更されていません。</translation>
    </message>
    <message>
        <source>Stop fine-tuning?</source>
        <translation>ファインチューニングを停止しますか？</translation>
    </message>
    <message>
        <source>Training is still running. Stop it and close? The base model is not changed.</source>
        <translation>学習はまだ実行中です。停止して閉じますか？ ベースモデルは変更されません。</translation>
    </message>
    <message>
        <source>Close without keeping?</source>
        <translation>残さずに閉じますか？</translation>
    </message>
    <message>
        <source>The fine-tuned model has not been kept. Close and discard it?</source>
        <translation>ファインチューニングしたモデルはまだ残していません。閉じて破棄しますか？</translation>
    </message>
    <message>
        <source>Close and lose the pairs?</source>
        <translation>ペアを破棄して閉じますか？</translation>
    </message>
    <message>
        <source>The table has pairs you pasted, typed or edited; they are not saved anywhere. Close and lose them?</source>
        <translation>表には貼り付け・入力・編集したペアがあり、どこにも保存されていません。閉じて破棄しますか？</translation>
    </message>
</context>
<context>
    <name>FineTuneProgress</name>
    <message>
        <source>epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <source>loss per token</source>
        <translation>トークンあたりの損失</translation>
    </message>
    <message>
        <source>train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>検証</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>キャンセル(&amp;C)</translation>
    </message>
    <message>
        <source>Test sentence after each epoch:</source>
        <translation>各エポック後のテスト文:</translation>
    </message>
    <message>
        <source>before: %1</source>
        <translation>学習前: %1</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>準備しています…</translation>
    </message>
    <message>
        <source>Training: epoch %1 of %2</source>
        <translation>学習中: エポック %1 / %2</translation>
    </message>
    <message>
        <source>epoch %1: %2</source>
        <translation>エポック %1: %2</translation>
    </message>
</context>
<context>
    <name>FineTuneReport</name>
    <message>
        <source>Base</source>
        <translation>ベース</translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation>ファインチューニング後</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>変化</translation>
    </message>
    <message>
        <source>Exact match %</source>
        <translation>完全一致率 (%)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参照訳</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>学習前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>学習後</translation>
    </message>
    <message>
        <source>&amp;Keep</source>
        <translation>残す(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>破棄(&amp;D)</translation>
    </message>
    <message>
        <source>Save to another &amp;folder…</source>
        <translation>別のフォルダーに保存(&amp;F)…</translation>
    </message>
    <message>
        <source>The trained model is kept in memory: save it in a folder you choose</source>
        <translation>学習したモデルはメモリ上に保持されています。選んだフォルダーに保存できます</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>Held-out pairs, before and after:</source>
        <translation>評価用ペアの学習前と学習後:</translation>
    </message>
    <message>
        <source>It helped on the held-out pairs.</source>
        <translation>評価用ペアで改善しました。</translation>
    </message>
    <message>
        <source>It did not improve the held-out pairs; consider discarding it.</source>
        <translation>評価用ペアでは改善しませんでした。破棄を検討してください。</translation>
    </message>
    <message>
        <source>Trained on %1 pairs for %2 epochs (%3 updates) in %4 s. %5</source>
        <translation>%1 ペアで %2 エポック (%3 回更新) 学習しました (%4 秒)。%5</translation>
    </message>
    <message>
        <source>Test sentence: %1 → before: %2 → after: %3</source>
        <translation>テスト文: %1 → 学習前: %2 → 学習後: %3</translation>
    </message>
</context>
<context>
    <name>FineTuneSetup</name>
    <message>
        <source>Base model: &lt;b&gt;%1&lt;/b&gt; (%2 → %3)</source>
        <translation>ベースモデル: &lt;b&gt;%1&lt;/b&gt; (%2 → %3)</translation>
    </message>
    <message>
        <source>%1 → %2  (first column %1)</source>
        <translation>%1 → %2  (1 列目が%1)</translation>
    </message>
    <message>
        <source>A sentence to re-translate after every epoch</source>
        <translation>エポックごとに翻訳し直す文</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>Pairs are:</source>
        <translation>ペアの方向:</translation>
    </message>
    <message>
        <source>Test sentence:</source>
        <translation>テスト文:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>エポック数:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学習率:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>バッチサイズ:</translation>
    </message>
    <message>
        <source>Held out for checking:</source>
        <translation>評価用に取り分ける割合:</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>詳細設定</translation>
    </message>
    <message>
        <source>Freeze the encoder (train the decoder only)</source>
        <translation>エンコーダーを固定する (デコーダーだけを学習)</translation>
    </message>
    <message>
        <source>Keep the epoch with the lowest validation loss</source>
        <translation>検証損失が最も小さいエポックを残す</translation>
    </message>
    <message>
        <source>Choose replay file…</source>
        <translation>リプレイ用ファイルを選択…</translation>
    </message>
    <message>
        <source>No replay file (the bundled models do not ship their training data).</source>
        <translation>リプレイ用ファイルなし (同梱のモデルには学習データが含まれていません)。</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>制限なし</translation>
    </message>
    <message>
        <source>Replay original-style pairs:</source>
        <translation>元の学習データに近いペアを混ぜる:</translation>
    </message>
    <message>
        <source>Replay pairs per new pair:</source>
        <translation>新しいペア 1 件あたりのリプレイ数:</translation>
    </message>
    <message>
        <source>Stop after (minutes):</source>
        <translation>打ち切りまでの時間 (分):</translation>
    </message>
    <message>
        <source>Beam for the before/after check:</source>
        <translation>学習前後の比較に使うビーム幅:</translation>
    </message>
    <message>
        <source>&amp;Start training</source>
        <translation>学習を開始(&amp;S)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>GlossaryDialog</name>
    <message>
        <source>Glossary (*.tsv *.txt);;All files (*)</source>
        <translation>用語集 (*.tsv *.txt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>The source term is empty</source>
        <translation>原語が空です</translation>
    </message>
    <message>
        <source>Longer than %1 characters</source>
        <translation>%1 文字を超えています</translation>
    </message>
    <message>
        <source>Holds control characters</source>
        <translation>制御文字が含まれています</translation>
    </message>
    <message>
        <source>“%1” is already on row %2</source>
        <translation>「%1」はすでに %2 行目にあります</translation>
    </message>
    <message>
        <source>Glossary</source>
        <translation>用語集</translation>
    </message>
    <message>
        <source>Terms always translated one way. Leave the translation empty to keep a term as typed.</source>
        <translation>常に決まった訳にする用語です。訳語を空にすると、入力したままの形で残します。</translation>
    </message>
    <message>
        <source>Source term</source>
        <translation>原語</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>訳語</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>keep as is</source>
        <translation>そのまま</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>追加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import TSV…</source>
        <translation>TSV をインポート(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export TSV…</source>
        <translation>TSV をエクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>翻訳方向</translation>
    </message>
    <message>
        <source>Import glossary</source>
        <translation>用語集のインポート</translation>
    </message>
    <message>
        <source>Imported %1 term(s).</source>
        <translation>%1 件の用語をインポートしました。</translation>
    </message>
    <message>
        <source>%1 already in the table were skipped.</source>
        <translation>表にすでにある %1 件はスキップしました。</translation>
    </message>
    <message>
        <source>Fix the marked rows before exporting.</source>
        <translation>エクスポートする前に、印の付いた行を修正してください。</translation>
    </message>
    <message>
        <source>Export glossary</source>
        <translation>用語集のエクスポート</translation>
    </message>
    <message>
        <source>Exported %1 term(s).</source>
        <translation>%1 件の用語をエクスポートしました。</translation>
    </message>
    <message>
        <source>Fix the marked rows first. %1</source>
        <translation>先に印の付いた行を修正してください。%1</translation>
    </message>
    <message>
        <source>The table already has terms. Replace them with the file&apos;s, or add the file&apos;s?</source>
        <translation>表にはすでに用語があります。ファイルの用語で置き換えますか、それとも追加しますか？</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>置き換え(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Append</source>
        <translation>追加(&amp;A)</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>%1 行目: %2</translation>
    </message>
    <message>
        <source> (and %1 more)</source>
        <translation> (ほか %1 件)</translation>
    </message>
    <message>
        <source>The loaded %1 model cannot protect terms, so the glossary has no effect with it. It applies once a model that protects numbers, names and terms is loaded.</source>
        <translation>読み込まれている %1 のモデルは用語を保護できないため、このモデルでは用語集は効果がありません。数値・名前・用語を保護できるモデルを読み込むと適用されます。</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>English</source>
        <translation>英語</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日本語</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>表示言語</translation>
    </message>
    <message>
        <source>The language changes the next time the app starts.</source>
        <translation>表示言語は次回の起動時に切り替わります。</translation>
    </message>
    <message>
        <source>&amp;Restart now</source>
        <translation>今すぐ再起動(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>あとで(&amp;L)</translation>
    </message>
</context>
<context>
    <name>MainMenuBar</name>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open model package…</source>
        <translation>モデルパッケージを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Export attention as &amp;PNG…</source>
        <translation>アテンションを PNG でエクスポート(&amp;P)…</translation>
    </message>
    <message>
        <source>Export attention as &amp;CSV…</source>
        <translation>アテンションを CSV でエクスポート(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Save transcript…</source>
        <translation>会話ログを保存(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Translate / Send</source>
        <translation>翻訳 / 送信(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>キャンセル(&amp;C)</translation>
    </message>
    <message>
        <source>Copy &amp;result</source>
        <translation>結果をコピー(&amp;R)</translation>
    </message>
    <message>
        <source>S&amp;wap direction</source>
        <translation>翻訳方向を入れ替え(&amp;W)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>クリア(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>モデル(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Installed models</source>
        <translation>インストール済みのモデル(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Manage models…</source>
        <translation>モデルの管理(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Fine-tune on my pairs…</source>
        <translation>自分の対訳ペアでファインチューニング(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Glossary…</source>
        <translation>用語集(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Reload models</source>
        <translation>モデルを再読み込み(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Translate tab</source>
        <translation>翻訳タブ(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Dialog tab</source>
        <translation>対話タブ(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Explain tab</source>
        <translation>解説タブ(&amp;E)</translation>
    </message>
    <message>
        <source>Translate as you &amp;type</source>
        <translation>入力中に翻訳(&amp;Y)</translation>
    </message>
    <message>
        <source>Attention by &amp;words</source>
        <translation>単語単位のアテンション(&amp;W)</translation>
    </message>
    <message>
        <source>Show &amp;attention</source>
        <translation>アテンションを表示(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>表示言語(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Seq2Seq Desktop</source>
        <translation>Seq2Seq Desktop について(&amp;A)</translation>
    </message>
    <message>
        <source>(none found)</source>
        <translation>(見つかりません)</translation>
    </message>
    <message>
        <source>%1 (user)</source>
        <translation>%1 (ユーザー)</translation>
    </message>
</context>
<context>
    <name>MainStatusBar</name>
    <message>
        <source>Device: —</source>
        <translation>デバイス: —</translation>
    </message>
    <message>
        <source>Speed: —</source>
        <translation>速度: —</translation>
    </message>
    <message>
        <source>Output tokens (SentencePiece pieces) per second of the last run</source>
        <translation>直前の実行で 1 秒あたりに出力したトークン (SentencePiece のピース) の数</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>モデル: %1</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>デバイス: %1</translation>
    </message>
    <message>
        <source>Model: none for %1</source>
        <translation>モデル: なし (%1)</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>モデルを読み込んでいます…</translation>
    </message>
    <message>
        <source>Model: not loaded</source>
        <translation>モデル: 未読み込み</translation>
    </message>
    <message>
        <source>Speed: %1 tokens/s</source>
        <translation>速度: %1 トークン/秒</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 chat</source>
        <translation>%1チャット</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻訳</translation>
    </message>
    <message>
        <source>Dialog</source>
        <translation>対話</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>解説</translation>
    </message>
    <message>
        <source>Loading model %1…</source>
        <translation>モデル %1 を読み込んでいます…</translation>
    </message>
    <message>
        <source>No model for %1: %2
Use Model → Open model package… to choose one.</source>
        <translation>%1 のモデルがありません: %2
[モデル] → [モデルパッケージを開く…] で選んでください。</translation>
    </message>
    <message>
        <source>The model chosen for %1 (%2) could not be loaded; using the bundled model %3 instead.</source>
        <translation>%1 に選んだモデル (%2) を読み込めなかったため、代わりに同梱のモデル %3 を使います。</translation>
    </message>
    <message>
        <source>Open model package</source>
        <translation>モデルパッケージを開く</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Load a model first.</source>
        <translation>先にモデルを読み込んでください。</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <source>Model package (*.zip *.tar *.tar.gz *.tgz);;All files (*)</source>
        <translation>モデルパッケージ (*.zip *.tar *.tar.gz *.tgz);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>提供元</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>タスク</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>フォルダー</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>ベースモデル</translation>
    </message>
    <message>
        <source>Pairs</source>
        <translation>ペア数</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Held-out BLEU</source>
        <translation>評価用 BLEU</translation>
    </message>
    <message>
        <source>Held-out chrF</source>
        <translation>評価用 chrF</translation>
    </message>
    <message>
        <source>bundled (read-only)</source>
        <translation>同梱 (読み取り専用)</translation>
    </message>
    <message>
        <source>user model</source>
        <translation>ユーザーモデル</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>&amp;Use this model</source>
        <translation>このモデルを使う(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>名前の変更(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>削除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>インポート(&amp;I)…</translation>
    </message>
    <message>
        <source>Revert to &amp;bundled</source>
        <translation>同梱版に戻す(&amp;B)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>同梱</translation>
    </message>
    <message>
        <source>user</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>active</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>⚠ damaged</source>
        <translation>⚠ 破損</translation>
    </message>
    <message>
        <source>No models installed.</source>
        <translation>インストールされているモデルはありません。</translation>
    </message>
    <message>
        <source>(no model card)</source>
        <translation>(モデルカードはありません)</translation>
    </message>
    <message>
        <source>%1 could not be used; the active model is unchanged.</source>
        <translation>%1 は使用できませんでした。使用中のモデルは変わりません。</translation>
    </message>
    <message>
        <source>Now using %1.</source>
        <translation>%1 を使用しています。</translation>
    </message>
    <message>
        <source>Rename model</source>
        <translation>モデルの名前を変更</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新しい名前:</translation>
    </message>
    <message>
        <source>Renamed “%1” to “%2”.</source>
        <translation>「%1」の名前を「%2」に変更しました。</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>モデルの削除</translation>
    </message>
    <message>
        <source>Delete the model “%1”? This cannot be undone.</source>
        <translation>モデル「%1」を削除しますか？ この操作は元に戻せません。</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>「%1」を削除しました。</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>モデルのエクスポート</translation>
    </message>
    <message>
        <source>Model package (*.zip)</source>
        <translation>モデルパッケージ (*.zip)</translation>
    </message>
    <message>
        <source>Exported “%1” to %2</source>
        <translation>「%1」を %2 にエクスポートしました</translation>
    </message>
    <message>
        <source>Model exported</source>
        <translation>モデルをエクスポートしました</translation>
    </message>
    <message>
        <source>Import model</source>
        <translation>モデルのインポート</translation>
    </message>
    <message>
        <source>Imported “%1”.</source>
        <translation>「%1」をインポートしました。</translation>
    </message>
</context>
<context>
    <name>PairsEditor</name>
    <message>
        <source>Sentence pairs (*.tsv *.csv *.jsonl *.json *.txt);;All files (*)</source>
        <translation>対訳ペア (*.tsv *.csv *.jsonl *.json *.txt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>one column</source>
        <translation>列が 1 つだけ</translation>
    </message>
    <message>
        <source>too many columns</source>
        <translation>列が多すぎる</translation>
    </message>
    <message>
        <source>empty side</source>
        <translation>片側が空</translation>
    </message>
    <message>
        <source>over-long</source>
        <translation>長すぎる</translation>
    </message>
    <message>
        <source>not text</source>
        <translation>テキストではない</translation>
    </message>
    <message>
        <source>malformed</source>
        <translation>形式が不正</translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation>重複</translation>
    </message>
    <message>
        <source>&amp;Open file…</source>
        <translation>ファイルを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>貼り付け(&amp;P)</translation>
    </message>
    <message>
        <source>Add pairs from the clipboard (tab-separated, CSV or JSON Lines)</source>
        <translation>クリップボードからペアを追加します (タブ区切り、CSV、JSON Lines)</translation>
    </message>
    <message>
        <source>&amp;Add row</source>
        <translation>行を追加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove rows</source>
        <translation>行を削除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove &amp;problem rows</source>
        <translation>問題のある行を削除(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>Restore the rows as they were before the last change (Ctrl+Z)</source>
        <translation>行を直前の変更の前の状態に戻します (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>訳文</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>Open or drop a TSV, CSV or JSON Lines file, paste pairs, or type them in.</source>
        <translation>TSV・CSV・JSON Lines ファイルを開くかドロップするか、ペアを貼り付けるか直接入力してください。</translation>
    </message>
    <message>
        <source>Cannot use this file</source>
        <translation>このファイルは使用できません</translation>
    </message>
    <message>
        <source>%1 holds no pairs; the table was not changed.</source>
        <translation>%1 にはペアがありません。表は変更されていません。</translation>
    </message>
    <message>
        <source>%1 was not loaded; the table was not changed.</source>
        <translation>%1 は読み込まれませんでした。表は変更されていません。</translation>
    </message>
    <message>
        <source>load %1</source>
        <translation>%1 の読み込み</translation>
    </message>
    <message>
        <source> (the file is %1, not UTF-8)</source>
        <translation> (このファイルは UTF-8 ではなく %1 です)</translation>
    </message>
    <message>
        <source> · Undo restores the previous %1 rows.</source>
        <translation> · [元に戻す] で以前の %1 行に戻せます。</translation>
    </message>
    <message>
        <source>Load pairs</source>
        <translation>ペアの読み込み</translation>
    </message>
    <message>
        <source>The table already has %1 rows. Replace them with the %2 rows of %3, or append those?</source>
        <translation>表にはすでに %1 行あります。%3 の %2 行で置き換えますか、それとも追加しますか？</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>置き換え(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Append</source>
        <translation>追加(&amp;A)</translation>
    </message>
    <message>
        <source>Cannot paste</source>
        <translation>貼り付けできません</translation>
    </message>
    <message>
        <source>paste</source>
        <translation>貼り付け</translation>
    </message>
    <message>
        <source>set pairs</source>
        <translation>ペアの設定</translation>
    </message>
    <message>
        <source>Undone: %1 (%2 rows).</source>
        <translation>元に戻しました: %1 (%2 行)。</translation>
    </message>
    <message>
        <source>Open sentence pairs</source>
        <translation>対訳ペアを開く</translation>
    </message>
    <message>
        <source>add row</source>
        <translation>行の追加</translation>
    </message>
    <message>
        <source>remove %1 rows</source>
        <translation>%1 行の削除</translation>
    </message>
    <message>
        <source>remove problem rows</source>
        <translation>問題のある行の削除</translation>
    </message>
    <message>
        <source>edit row %1</source>
        <translation>%1 行目の編集</translation>
    </message>
</context>
<context>
    <name>SearchControls</name>
    <message>
        <source>Greedy search</source>
        <translation>貪欲法</translation>
    </message>
    <message>
        <source>Beam search</source>
        <translation>ビームサーチ</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>サンプリング</translation>
    </message>
    <message>
        <source>How the next token is picked. Greedy: always the most likely one. Beam search: keep the few best partial outputs and extend each. Sampling: draw a token at random by its probability.</source>
        <translation>次のトークンの選び方です。貪欲法: 常に最も確率の高いトークン。ビームサーチ: 途中までの出力を上位いくつか残し、それぞれを伸ばします。サンプリング: 確率に従ってランダムに引きます。</translation>
    </message>
    <message>
        <source>Beam width: how many partial outputs the search keeps after every step. Wider beams look further for a better whole sentence, at the cost of time.</source>
        <translation>ビーム幅: 各ステップの後に残す途中までの出力の数です。広くするほど文全体としてより良い出力を探せますが、時間がかかります。</translation>
    </message>
    <message>
        <source>Length penalty α: finished outputs are ranked by score / length^α. Every token lowers the score, so with α = 0 short outputs win; a larger α favours longer ones. Moving it re-ranks the finished outputs without decoding again.</source>
        <translation>長さペナルティ α: 完了した出力は スコア / 長さ^α の順に並べられます。トークンが増えるほどスコアは下がるので、α = 0 では短い出力が勝ち、α を大きくすると長い出力が有利になります。動かしても、デコードし直さずに並べ直すだけです。</translation>
    </message>
    <message>
        <source>Temperature (sampling): below 1 sharpens the distribution towards the likeliest tokens, above 1 flattens it so unlikely tokens are drawn more often.</source>
        <translation>温度 (サンプリング): 1 より小さいと分布が確率の高いトークンに集中し、1 より大きいと分布が平らになって確率の低いトークンも引かれやすくなります。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>Top-k (sampling): draw only from the k likeliest tokens (0 = no limit).</source>
        <translation>Top-k (サンプリング): 確率の高い上位 k 個のトークンだけから引きます (0 = 制限なし)。</translation>
    </message>
    <message>
        <source>Top-p (sampling, nucleus): draw only from the likeliest tokens that together reach this probability (1 = no limit).</source>
        <translation>Top-p (サンプリング、nucleus): 確率の高い順に合計がこの確率に達するまでのトークンだけから引きます (1 = 制限なし)。</translation>
    </message>
    <message>
        <source>random</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <source>Seed (sampling): the same seed draws the same tokens again, so a demo can be replayed. 0 = a new random seed every run.</source>
        <translation>シード (サンプリング): 同じシードなら同じトークンが引かれるので、デモを再現できます。0 = 実行のたびに新しいランダムなシード。</translation>
    </message>
    <message>
        <source>The seed this run was drawn with</source>
        <translation>この実行で使ったシード</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Put the seed of this run into the seed box, so that every run draws the same tokens</source>
        <translation>この実行のシードをシード欄に入れて、毎回同じトークンが引かれるようにします</translation>
    </message>
    <message>
        <source>Beam width</source>
        <translation>ビーム幅</translation>
    </message>
    <message>
        <source>Length penalty α</source>
        <translation>長さペナルティ α</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>探索</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>used: %1</source>
        <translation>使用: %1</translation>
    </message>
</context>
<context>
    <name>SearchOptionsBox</name>
    <message>
        <source>Advanced</source>
        <translation>詳細設定</translation>
    </message>
    <message>
        <source>Length penalty: hypotheses are ranked by score / length^alpha</source>
        <translation>長さペナルティ: 候補は スコア / 長さ^α の順に並べられます</translation>
    </message>
    <message>
        <source>Maximum output length as a multiple of the input length</source>
        <translation>出力の最大長 (入力の長さに対する倍率)</translation>
    </message>
    <message>
        <source>How many alternatives to keep (at most the beam width)</source>
        <translation>残す候補の数 (最大でビーム幅まで)</translation>
    </message>
    <message>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>Forbid repeating any n-gram of this size (0 = off)</source>
        <translation>この長さの n-gram の繰り返しを禁止します (0 = オフ)</translation>
    </message>
    <message>
        <source>Check with reverse model</source>
        <translation>逆方向モデルで確認</translation>
    </message>
    <message>
        <source>Among the beam&apos;s translations, prefer the one from which the opposite-direction model best recovers your text (catches dropped or wrong words; about 1.5x slower)</source>
        <translation>ビームサーチで得た訳の中から、逆方向のモデルが元のテキストを最もよく復元できるものを選びます (訳抜けや誤訳を防ぎやすくなります。約 1.5 倍遅くなります)</translation>
    </message>
    <message>
        <source>Length penalty α</source>
        <translation>長さペナルティ α</translation>
    </message>
    <message>
        <source>Max length ratio</source>
        <translation>最大長の倍率</translation>
    </message>
    <message>
        <source>Alternatives (n-best)</source>
        <translation>候補数 (n-best)</translation>
    </message>
    <message>
        <source>No-repeat n-gram</source>
        <translation>繰り返し禁止 n-gram</translation>
    </message>
</context>
<context>
    <name>SpanMarks</name>
    <message>
        <source>number</source>
        <translation>数値</translation>
    </message>
    <message>
        <source>time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>phone number</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>web address</source>
        <translation>Web アドレス</translation>
    </message>
    <message>
        <source>e-mail address</source>
        <translation>メールアドレス</translation>
    </message>
    <message>
        <source>emoji</source>
        <translation>絵文字</translation>
    </message>
    <message>
        <source>code</source>
        <translation>コード</translation>
    </message>
    <message>
        <source>acronym</source>
        <translation>略語</translation>
    </message>
    <message>
        <source>Latin-script word</source>
        <translation>ラテン文字の語</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>foreign word</source>
        <translation>外国語の語</translation>
    </message>
    <message>
        <source>glossary term</source>
        <translation>用語集の用語</translation>
    </message>
    <message>
        <source>Glossary: %1 (kept as is)</source>
        <translation>用語集: %1 (そのまま)</translation>
    </message>
    <message>
        <source>Glossary: %1 → %2</source>
        <translation>用語集: %1 → %2</translation>
    </message>
    <message>
        <source>The model dropped it, so it was put back here.</source>
        <translation>モデルが訳し落としたため、ここに戻しました。</translation>
    </message>
    <message>
        <source>Kept as typed: the model dropped it, so it was put back here</source>
        <translation>入力どおりに保持: モデルが訳し落としたため、ここに戻しました</translation>
    </message>
    <message>
        <source>Kept as typed (%1)</source>
        <translation>入力どおりに保持 (%1)</translation>
    </message>
    <message>
        <source>Kept (%1): %2 → %3</source>
        <translation>保持 (%1): %2 → %3</translation>
    </message>
    <message>
        <source>Nothing to translate: shown as typed</source>
        <translation>翻訳する内容がないため、入力どおりに表示しています</translation>
    </message>
</context>
<context>
    <name>StepThroughPage</name>
    <message>
        <source>Step</source>
        <translation>1 ステップ</translation>
    </message>
    <message>
        <source>Show the next decoder step: which tokens the model considered and which the search kept. The sentence is decoded once; stepping only reveals what was recorded.</source>
        <translation>デコーダーの次のステップを表示します: モデルがどのトークンを候補にし、探索がどれを残したか。文のデコードは 1 回だけで、ステップ実行は記録した結果を順に見せるだけです。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>再生</translation>
    </message>
    <message>
        <source>Play the steps one after another at the chosen speed (Ctrl+Return); click again to pause.</source>
        <translation>選んだ速さでステップを順に再生します (Ctrl+Return)。もう一度押すと一時停止します。</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>リセット</translation>
    </message>
    <message>
        <source>Go back to before the first step.</source>
        <translation>最初のステップの前に戻ります。</translation>
    </message>
    <message>
        <source>Play speed of Run, in steps per second</source>
        <translation>再生の速さ (1 秒あたりのステップ数)</translation>
    </message>
    <message>
        <source>The output is made to begin with these tokens (you clicked a bar); the model continues from there on its own</source>
        <translation>出力をこのトークンで始めるよう強制しています (棒をクリックしたため)。その先はモデルが自分で続けます</translation>
    </message>
    <message>
        <source>Unforce</source>
        <translation>強制を解除</translation>
    </message>
    <message>
        <source>Let the model choose every token again</source>
        <translation>すべてのトークンをまたモデルに選ばせます</translation>
    </message>
    <message>
        <source>Steps/s</source>
        <translation>ステップ/秒</translation>
    </message>
    <message>
        <source>Forcing “%1”: decoding again from there…</source>
        <translation>“%1” を強制して、そこからデコードし直しています…</translation>
    </message>
    <message>
        <source>No model to explain yet.</source>
        <translation>表示できるモデルがまだありません。</translation>
    </message>
    <message>
        <source>Type a sentence to explain first.</source>
        <translation>先に文を入力してください。</translation>
    </message>
    <message>
        <source>Decoding…</source>
        <translation>デコード中…</translation>
    </message>
    <message>
        <source>Decoding… step %1</source>
        <translation>デコード中… ステップ %1</translation>
    </message>
    <message>
        <source>Only the first sentence is explained (%1 more not shown).</source>
        <translation>表示するのは最初の 1 文だけです (残りの %1 文は表示しません)。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失敗しました: %1</translation>
    </message>
    <message>
        <source>Nothing to translate here (numbers, symbols): it is shown as typed.</source>
        <translation>翻訳するものがありません (数字や記号): 入力のまま表示されます。</translation>
    </message>
    <message>
        <source>Decoded %1 steps. Press Step or Run.</source>
        <translation>%1 ステップをデコードしました。[1 ステップ] か [再生] を押してください。</translation>
    </message>
    <message>
        <source>Type a sentence above, then press Step or Run.</source>
        <translation>上に文を入力して、[1 ステップ] か [再生] を押してください。</translation>
    </message>
    <message>
        <source>Step %1 of %2 · best so far: “%3”</source>
        <translation>ステップ %1 / %2 · 現時点の最良: “%3”</translation>
    </message>
    <message>
        <source>score %1, normalised %2 (α = %3)</source>
        <translation>スコア %1、正規化スコア %2 (α = %3)</translation>
    </message>
    <message>
        <source>Forced start: “%1”</source>
        <translation>強制した書き出し: “%1”</translation>
    </message>
    <message>
        <source>Forced start: %1 tokens</source>
        <translation>強制した書き出し: %1 トークン</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
</context>
<context>
    <name>StepView</name>
    <message>
        <source>Click a bar to force that token: the model must say it here and continues from it (“what if it had said this?”).</source>
        <translation>棒をクリックするとそのトークンを強制します: モデルはここでそのトークンを出力し、その続きを生成します (「もしこう言っていたら?」)。</translation>
    </message>
    <message>
        <source>Where the model looks for the token shown appears here.</source>
        <translation>表示中のトークンを出すときにモデルが入力のどこを見たかが、ここに表示されます。</translation>
    </message>
    <message>
        <source>Attention of this step: how much each source token counted for the chosen token</source>
        <translation>このステップのアテンション: 選ばれたトークンに入力の各トークンがどれだけ効いたか</translation>
    </message>
    <message>
        <source>The attention of the best hypothesis grows here step by step.</source>
        <translation>最良の仮説のアテンションが、ここにステップごとに増えていきます。</translation>
    </message>
    <message>
        <source>Show the attention per word instead of per subword piece</source>
        <translation>アテンションをサブワードのピースではなく単語ごとに表示します</translation>
    </message>
    <message>
        <source>This step&apos;s attention</source>
        <translation>このステップのアテンション</translation>
    </message>
    <message>
        <source>Hypotheses over the steps</source>
        <translation>ステップごとの仮説</translation>
    </message>
    <message>
        <source>Every candidate the search weighed: blue kept in the beam, green finished, grey dashed pruned. The bold path is the best hypothesis so far. Click a node to see its choices and attention.</source>
        <translation>探索が検討したすべての候補: 青はビームに残ったもの、緑は完了したもの、灰色の破線は枝刈りされたものです。太い線が現時点の最良の仮説です。ノードをクリックすると、その候補とアテンションを表示します。</translation>
    </message>
    <message>
        <source>Finished outputs, best first by score / length^α. Move α to re-rank them (no new decode). Click one to see its attention.</source>
        <translation>完了した出力を スコア / 長さ^α の良い順に並べています。α を動かすと並べ直します (デコードし直しません)。クリックするとそのアテンションを表示します。</translation>
    </message>
    <message>
        <source>Finished outputs (ranked)</source>
        <translation>完了した出力 (順位)</translation>
    </message>
    <message>
        <source>the start</source>
        <translation>文頭</translation>
    </message>
    <message>
        <source>Step %1: the next token after “%2”</source>
        <translation>ステップ %1: “%2” の次のトークン</translation>
    </message>
    <message>
        <source>chose “%1”, which is not among the likeliest shown</source>
        <translation>選ばれたのは “%1” (表示中の上位候補には入っていません)</translation>
    </message>
    <message>
        <source>score %1 over %2 tokens: %1 / %2^%3 = %4</source>
        <translation>%2 トークンでスコア %1: %1 / %2^%3 = %4</translation>
    </message>
    <message>
        <source>cut at the length limit (no end token)</source>
        <translation>長さの上限で打ち切り (終了トークンなし)</translation>
    </message>
    <message>
        <source>(none finished yet)</source>
        <translation>(まだ完了した出力はありません)</translation>
    </message>
</context>
<context>
    <name>TokenChart</name>
    <message>
        <source>⟨end⟩</source>
        <translation>⟨終了⟩</translation>
    </message>
    <message>
        <source>Press Step to see which tokens the model considers next.</source>
        <translation>[1 ステップ] を押すと、モデルが次にどのトークンを候補にしているかが表示されます。</translation>
    </message>
    <message>
        <source>top-k / top-p cut: the tokens below are never drawn</source>
        <translation>top-k / top-p の打ち切り: これより下のトークンは引かれません</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>残った</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>枝刈り</translation>
    </message>
    <message>
        <source>model probability</source>
        <translation>モデルの確率</translation>
    </message>
    <message>
        <source>after temperature</source>
        <translation>温度適用後</translation>
    </message>
    <message>
        <source>the cut keeps %1 tokens</source>
        <translation>打ち切り後に残るトークン: %1 個</translation>
    </message>
    <message>
        <source>(this step was forced)</source>
        <translation>(このステップは強制されました)</translation>
    </message>
    <message>
        <source>%1: probability %2</source>
        <translation>%1: 確率 %2</translation>
    </message>
    <message>
        <source>after temperature %1, as drawn %2</source>
        <translation>温度適用後 %1、実際に引く確率 %2</translation>
    </message>
    <message>
        <source>Click to force this token here and let the model continue from it.</source>
        <translation>クリックすると、ここでこのトークンを強制し、その続きをモデルに生成させます。</translation>
    </message>
</context>
<context>
    <name>TranslateEditors</name>
    <message>
        <source>Type or paste text to translate…</source>
        <translation>翻訳するテキストを入力するか貼り付けてください…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>訳文</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Copy the translation (Ctrl+Shift+C)</source>
        <translation>訳文をコピー (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>%1 characters</source>
        <translation>%1 文字</translation>
    </message>
    <message>
        <source>%1 sentence(s), %2 s</source>
        <translation>%1 文、%2 秒</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 トークン/秒</translation>
    </message>
</context>
<context>
    <name>TranslatePanel</name>
    <message>
        <source>Click an alternative to use it and see its attention</source>
        <translation>候補をクリックすると、その訳を使い、アテンションを表示します</translation>
    </message>
    <message>
        <source>Alternatives (normalised score)</source>
        <translation>候補 (正規化スコア)</translation>
    </message>
    <message>
        <source>Loading the %1 model…</source>
        <translation>%1 のモデルを読み込んでいます…</translation>
    </message>
    <message>
        <source>The model is still loading.</source>
        <translation>モデルを読み込み中です。</translation>
    </message>
    <message>
        <source>Translating…</source>
        <translation>翻訳しています…</translation>
    </message>
    <message>
        <source>Translation copied.</source>
        <translation>訳文をコピーしました。</translation>
    </message>
    <message>
        <source>Checking with the reverse model… %1/%2</source>
        <translation>逆方向モデルで確認しています… %1/%2</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>失敗しました。</translation>
    </message>
    <message>
        <source>Translation failed: %1</source>
        <translation>翻訳に失敗しました: %1</translation>
    </message>
    <message>
        <source>not checked with the reverse model</source>
        <translation>逆方向モデルでは未確認</translation>
    </message>
    <message>
        <source>Stopped during the reverse-model check: showing the translation without it.</source>
        <translation>逆方向モデルでの確認中に停止したため、確認前の訳を表示しています。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>Translation cancelled.</source>
        <translation>翻訳をキャンセルしました。</translation>
    </message>
</context>
<context>
    <name>TranslateToolbar</name>
    <message>
        <source>Swap direction and texts (Ctrl+R)</source>
        <translation>翻訳方向とテキストを入れ替え (Ctrl+R)</translation>
    </message>
    <message>
        <source>Beam width: 1 = greedy search; wider beams search more hypotheses</source>
        <translation>ビーム幅: 1 は貪欲探索です。広くするほど多くの候補を探索します</translation>
    </message>
    <message>
        <source>Translate as you type</source>
        <translation>入力中に翻訳</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻訳</translation>
    </message>
    <message>
        <source>Translate (Ctrl+Return)</source>
        <translation>翻訳 (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Stop (Esc)</source>
        <translation>停止 (Esc)</translation>
    </message>
    <message>
        <source>Beam width</source>
        <translation>ビーム幅</translation>
    </message>
    <message>
        <source>greedy</source>
        <translation>貪欲</translation>
    </message>
    <message>
        <source>beam</source>
        <translation>ビーム</translation>
    </message>
</context>
<context>
    <name>TranslationView</name>
    <message>
        <source> (low confidence)</source>
        <translation> (確信度が低い)</translation>
    </message>
</context>
</TS>
