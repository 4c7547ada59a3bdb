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
    <name>ChatPanel</name>
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
        <source>before: %1</source>
        <translation>学習前: %1</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>準備しています…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>停止しています…</translation>
    </message>
    <message>
        <source>Training: epoch %1 of %2</source>
        <translation>学習中: エポック %1 / %2</translation>
    </message>
    <message>
        <source>epoch %1: %2</source>
        <translation>エポック %1: %2</translation>
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
        <source>(none found)</source>
        <translation>(見つかりません)</translation>
    </message>
    <message>
        <source>%1 (user)</source>
        <translation>%1 (ユーザー)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Load a model first.</source>
        <translation>先にモデルを読み込んでください。</translation>
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
    <name>TranslatePanel</name>
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
    <message>
        <source>Advanced</source>
        <translation>詳細設定</translation>
    </message>
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
        <source>%1 characters</source>
        <translation>%1 文字</translation>
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
        <source>greedy</source>
        <translation>貪欲</translation>
    </message>
    <message>
        <source>beam</source>
        <translation>ビーム</translation>
    </message>
    <message>
        <source>%1 sentence(s), %2 s</source>
        <translation>%1 文、%2 秒</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 トークン/秒</translation>
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
    <name>TranslationView</name>
    <message>
        <source> (low confidence)</source>
        <translation> (確信度が低い)</translation>
    </message>
</context>
</TS>
