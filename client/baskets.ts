// Sample POS baskets for the acceptance Workflow, contracts and load scripts. No Node built-ins.
import type { Discount, SendTransactionPayload, Transaction } from '../schemas/generated/types.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** Local POS time as the seed writes it: "2018-06-10 9:20:00.000". */
export function posTime(date: Date = new Date()): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${date.getHours()}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.000`;
}

/** The seed's two-line basket (10.00 + 1.00, tax .77) under a given transaction id. */
export function sampleBasket(transactionId: string, now: Date = new Date()): Transaction {
  return {
    pos_employee_id: '1000',
    table_id: '12',
    channel: 'STORE',
    transaction_id: transactionId,
    guest_count: '1',
    subtotal: '11.77',
    tax_total: '.77',
    open_time: posTime(now),
    modified_time: posTime(now),
    items: [
      {
        line_id: '0',
        item_id: '1',
        quantity: '1',
        unit_price: '10',
        subtotal: '10',
        tax_included: '.70',
        modifies_line_id: '',
      },
      {
        line_id: '1',
        item_id: '2',
        quantity: '1',
        unit_price: '1',
        subtotal: '1',
        tax_included: '.07',
        modifies_line_id: '0',
      },
    ],
    discounts: [],
    payments: [],
  };
}

/** The closing send_transaction for a basket, carrying the discounts Lock returned. */
export function closingTransaction(basket: Transaction, discounts: Discount[]): SendTransactionPayload {
  return { ...basket, is_closed: 'true', discounts };
}
