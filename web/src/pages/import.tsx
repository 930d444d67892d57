import { ApiError } from '../api.js';
import { UploadForm } from '../upload.js';

/** 批量导入: a cohort's designations from a sheet (POST /designations/import), all rows or none. */
export function ImportPage() {
  return (
    <>
      <h2>批量导入首席技师</h2>
      <section class="card">
        <p>
          Excel（.xlsx，读第一个工作表）或 CSV（UTF-8），表头：<code>姓名,身份证号,统一社会信用代码,届别,命名日期</code>（或 <code>name,idNumber,employerCreditCode,cohort,designatedOn</code>）。
          全部行无误才会导入；有错时一行也不导入。错误中的行号即 Excel 中看到的行号（表头为第 1 行）。
        </p>
        <UploadForm<{ created: number }>
          path="/designations/import"
          accept=".csv,text/csv,.xlsx"
          buttonText="导入"
          noFile="请选择 CSV 或 Excel（.xlsx）文件"
          csvAsText
          done={(r) => `已导入 ${r.created} 条命名认定。`}
          failed={(e) => (e instanceof ApiError ? `${e.message}（${e.status}）` : String(e))}
          progressTestId="import-progress"
          rowsTestId="import-errors"
        />
      </section>
    </>
  );
}
