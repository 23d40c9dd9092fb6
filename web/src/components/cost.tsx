// The itemised cost table (estimates, the fee estimator, fee statements).
import { formatKrw, formatNumber } from '../format';
import { useI18n } from '../i18n';
import type { CostEstimate } from '../types';

export function CostTable(props: { estimate: CostEstimate; caption?: string }) {
  const { t, lang } = useI18n();
  return (
    <table className="table">
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{t('cost.item')}</th>
          <th scope="col">{t('cost.qty')}</th>
          <th scope="col">{t('cost.unit')}</th>
          <th scope="col">{t('cost.amount')}</th>
        </tr>
      </thead>
      <tbody>
        {props.estimate.lines.map((l) => (
          <tr key={l.item}>
            <th scope="row">{t.maybe(`cost.${l.item}`) ?? l.label}</th>
            <td className="num">{formatNumber(l.quantity, lang)}</td>
            <td className="num">{formatKrw(l.unitKrw, lang)}</td>
            <td className="num">{formatKrw(l.amountKrw, lang)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            {t('cost.total')}
          </th>
          <td className="num">{formatKrw(props.estimate.totalKrw, lang)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
